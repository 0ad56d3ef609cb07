using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// Reads FHIR date-like values (dateTime, date, instant, Period) as an instant for ordering and as the calendar date the
/// source wrote (its own time zone, its own precision) for printing.
/// </summary>
internal static class ClinicalDate
{
    /// <summary>
    /// The instant to sort by: a Period's start; a partial date counts from its first moment; a value without a time
    /// zone is read as UTC, so the order never depends on the server's zone.
    /// </summary>
    public static DateTimeOffset? Instant(DataType? value) => value switch
    {
        FhirDateTime d when d.TryToDateTimeOffset(TimeSpan.Zero, out var dto) => dto,
        Date d when d.TryToDateTimeOffset(out var dto) => dto,
        Instant i => i.Value,
        Period p => Instant(p.StartElement) ?? Instant(p.EndElement),
        _ => null,
    };

    /// <summary>The calendar date as written ("2019-05-01", "2019-05", "2019"), or null.</summary>
    public static string? Day(DataType? value) => value switch
    {
        FhirDateTime d => Prefix(d.Value),
        Date d => Prefix(d.Value),
        Instant i => i.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Period p => Day(p.StartElement) ?? Day(p.EndElement),
        FhirString s => Prefix(s.Value),
        _ => null,
    };

    /// <summary>The year of a printed date.</summary>
    public static string Year(string day) => day.Length >= 4 ? day[..4] : day;

    private static string? Prefix(string? value) =>
        string.IsNullOrEmpty(value) ? null : value.Length > 10 ? value[..10] : value;
}
