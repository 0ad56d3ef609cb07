namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// One result line as a model or parser read it from a lab report, every field as printed. The
/// ObservationMapper turns it into a FHIR Observation.
/// </summary>
/// <param name="TestName">The test name as printed, e.g. "Hemoglobin A1c".</param>
/// <param name="ValueText">The result as printed: "7.9", "&lt;0.01", "Negative", "1+".</param>
/// <param name="UnitText">The unit as printed ("mg/dL", "x10E3/uL"), or null when none.</param>
/// <param name="ReferenceRangeText">The range as printed ("4.5-11.0", "&lt;200", "Negative"), or null.</param>
/// <param name="FlagText">The abnormal flag as printed (H, L, HH, LL, A, N, *), or null.</param>
/// <param name="Specimen">The specimen as printed ("Serum", "Urine"), or null.</param>
/// <param name="CollectedText">The collection date/time as printed, or null.</param>
/// <param name="Source">Where the row was read, or null when unknown.</param>
public sealed record ExtractedLabRow(
    string TestName,
    string ValueText,
    string? UnitText = null,
    string? ReferenceRangeText = null,
    string? FlagText = null,
    string? Specimen = null,
    string? CollectedText = null,
    SourceSpan? Source = null);
