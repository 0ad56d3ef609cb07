using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Inference.Images;

/// <summary>Limits on images sent to the model. Bound from <c>Limits</c> (key <c>Limits:MaxImagePixels</c>).</summary>
public sealed class ImagePreprocessorOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest width × height accepted, checked from the file header before any pixel is decoded.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Largest encoded image accepted, in bytes.</summary>
    [Range(1, int.MaxValue)]
    public int MaxImageBytes { get; set; } = 32 * 1024 * 1024;
}
