using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Inference.Chat;

/// <summary>Defaults and limits of the in-process chat client. Bound from <c>Inference:Chat</c>.</summary>
public sealed class MedGemmaChatClientOptions
{
    public const string SectionName = "Inference:Chat";

    /// <summary>Generated tokens when a request does not say (<c>ChatOptions.MaxOutputTokens</c>).</summary>
    [Range(1, 131072)]
    public int MaxNewTokens { get; set; } = 512;

    /// <summary>Sampling temperature when a request does not say; 0 is greedy.</summary>
    [Range(0.0, 5.0)]
    public float Temperature { get; set; }

    /// <summary>The most a request may ask for in <c>ChatOptions.MaxOutputTokens</c>; more is refused.</summary>
    [Range(1, 131072)]
    public int MaxOutputTokensLimit { get; set; } = 8192;
}
