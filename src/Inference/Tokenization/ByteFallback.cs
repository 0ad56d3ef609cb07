using System.Globalization;
using System.Text;

namespace FhirMedGemma.Inference.Tokenization;

/// <summary>The <c>&lt;0xAB&gt;</c> pieces that spell characters missing from the vocabulary one UTF-8 byte at a time.</summary>
internal static class ByteFallback
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string PieceFor(byte value) => $"<0x{value:X2}>";

    public static bool TryParsePiece(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Turns a run of fallback bytes into text as Hugging Face's ByteFallback decoder does: valid UTF-8 decodes, anything
    /// else becomes one U+FFFD per byte.
    /// </summary>
    public static void AppendRun(StringBuilder output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        try
        {
            output.Append(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            output.Append('\uFFFD', bytes.Length);
        }
    }
}
