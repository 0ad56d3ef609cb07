using System.Text;

namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>
/// Tells what bytes are from their first bytes (magic numbers), never from a declared type: a caller's
/// <c>contentType</c> is a claim, the bytes are the fact.
/// </summary>
internal static class ContentSniffer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the supported content type the bytes are, or null when they are none of them.</summary>
    public static string? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("%PDF-"u8))
        {
            return LabAttachmentContentTypes.Pdf;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return LabAttachmentContentTypes.Png;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return LabAttachmentContentTypes.Jpeg;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return LabAttachmentContentTypes.Gif;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return LabAttachmentContentTypes.Webp;
        }

        return IsPlainText(data) ? LabAttachmentContentTypes.Text : null;
    }

    /// <summary>Valid UTF-8 (a BOM allowed) with no control characters other than tab, line breaks and form feed.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            data = data[3..];
        }

        foreach (var b in data)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C)
            {
                return false;
            }
        }

        try
        {
            _ = StrictUtf8.GetCharCount(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
