namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>The content types the lab-report pipeline reads. Anything else is refused with ATTACHMENT_UNSUPPORTED.</summary>
public static class LabAttachmentContentTypes
{
    /// <summary>A PDF: digital (text layer) or scanned (page images).</summary>
    public const string Pdf = "application/pdf";

    /// <summary>A PNG image.</summary>
    public const string Png = "image/png";

    /// <summary>A JPEG image.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary>A GIF image (the model's image pipeline decodes it with SkiaSharp).</summary>
    public const string Gif = "image/gif";

    /// <summary>A WebP image (the model's image pipeline decodes it with SkiaSharp).</summary>
    public const string Webp = "image/webp";

    /// <summary>Plain UTF-8 text.</summary>
    public const string Text = "text/plain";

    /// <summary>True for the image types.</summary>
    public static bool IsImage(string contentType) =>
        contentType is Png or Jpeg or Gif or Webp;

    /// <summary>
    /// Lower-cases a declared content type, drops its parameters ("; charset=utf-8") and maps known aliases
    /// (image/jpg, image/pjpeg). Returns null for null or blank input.
    /// </summary>
    public static string? Normalize(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return null;
        }

        var semicolon = declared.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? declared[..semicolon] : declared).Trim().ToLowerInvariant();
        return bare switch
        {
            "image/jpg" or "image/pjpeg" => Jpeg,
            "application/x-pdf" => Pdf,
            _ => bare,
        };
    }

    /// <summary>True when <paramref name="normalized"/> is one of the supported types.</summary>
    public static bool IsSupported(string normalized) =>
        normalized is Pdf or Png or Jpeg or Gif or Webp or Text;
}
