using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Reads printed collection dates: ISO 8601 (with or without offset), US "MM/dd/yyyy [HH:mm]", "dd-MMM-yyyy",
/// "MMM d, yyyy". A date without a time stays a date; a time without an offset is read in the report time zone.
/// </summary>
internal static class LabDateParser
{
    private static readonly string[] DateOnlyFormats =
    [
        "yyyy-MM-dd", "yyyy/MM/dd", "M/d/yyyy", "MM/dd/yyyy", "M/d/yy", "d-MMM-yyyy", "dd-MMM-yyyy", "d MMM yyyy", "dd MMM yyyy",
        "MMM d, yyyy", "MMMM d, yyyy", "yyyyMMdd",
    ];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "M/d/yyyy H:mm", "MM/dd/yyyy HH:mm",
        "M/d/yyyy h:mm tt", "MM/dd/yyyy hh:mm tt", "M/d/yyyy H:mm:ss", "dd-MMM-yyyy HH:mm", "d-MMM-yyyy HH:mm", "dd MMM yyyy HH:mm",
    ];

    public static FhirDateTime? Parse(string? text, TimeZoneInfo zone)
    {
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        if (DateTime.TryParseExact(s, DateOnlyFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            return new FhirDateTime(date.Year, date.Month, date.Day);
        }

        if (DateTime.TryParseExact(s, DateTimeFormats, invariant, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            var offset = zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
            return new FhirDateTime(new DateTimeOffset(local, offset));
        }

        if (s.Length >= 16 && DateTimeOffset.TryParse(s, invariant, DateTimeStyles.None, out var withOffset) && HasOffset(s))
        {
            return new FhirDateTime(withOffset);
        }

        return null;
    }

    private static bool HasOffset(string s) =>
        s.EndsWith('Z') || (s.Length > 6 && (s[^6] is '+' or '-') && s[^3] == ':');
}
