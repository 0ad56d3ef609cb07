using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>
/// Limits on the attachments the lab-report pipeline reads (configuration section <c>Limits</c>, shared with the API's
/// request limits). Every limit is checked before the expensive work it guards: bytes before decoding base64 output is
/// kept, the page count before any page is read, the pixel count from the image header before any decoder runs.
/// </summary>
public sealed class AttachmentOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Limits";

    /// <summary>Largest attachment, after base64 decoding, in bytes. Default 20 MiB.</summary>
    [Range(1L, 1L << 30)]
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most pages a PDF may have; a longer PDF is refused before its pages are read. Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxPdfPages { get; set; } = 50;

    /// <summary>Most pixels (width × height) an image may have, read from its header. Default 40 megapixels.</summary>
    [Range(1L, 1_000_000_000L)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>
    /// Absolute attachment urls are fetched only when they start with one of these prefixes (for example
    /// <c>https://lis.example.org/reports/</c>). Empty (the default): absolute urls are refused; relative
    /// <c>Binary/…</c> references are always read through the upstream FHIR server.
    /// </summary>
    public IList<string> AllowedAttachmentUrlPrefixes { get; } = [];
}
