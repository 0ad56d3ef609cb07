using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Deterministic identities for the transaction: the same report and rows always give the same identifier values
/// and urn:uuid fullUrls, which is what makes a replay a no-op.
/// </summary>
internal static class LabRowIdentity
{
    /// <summary>
    /// The identifier value of one row: SHA-256 over the report key, the row's normalised content (name, value, unit,
    /// page) and its ordinal among identical rows of the same report, as 32 hex digits. Position is counted among
    /// identical rows only, so dropping or adding other rows does not renumber this one.
    /// </summary>
    public static string RowValue(string reportKey, ExtractedLabRow row, int duplicateOrdinal) =>
        Hex(string.Join('\n', "lab-row/v1", reportKey, ContentKey(row), duplicateOrdinal.ToString(CultureInfo.InvariantCulture)));

    public static string ContentKey(ExtractedLabRow row) => string.Join(
        '\u001f',
        LabNameNormalizer.Normalize(row.TestName),
        Canonical(row.ValueText),
        Canonical(row.UnitText),
        (row.Source?.Page ?? 0).ToString(CultureInfo.InvariantCulture));

    // Values and units keep their punctuation ("<0.01" is not "0.01"); only spacing and case are evened out.
    private static string Canonical(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    /// <summary>A name-based UUID (RFC 9562 version 8 layout) from SHA-256 of the text, as a urn:uuid.</summary>
    public static string Urn(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }
}
