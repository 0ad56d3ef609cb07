namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// What besides the name helps pick between tests that share a printed name ("Glucose" in blood or urine, "RDW" in fL
/// or %). Every hint is optional.
/// </summary>
/// <param name="Specimen">The printed specimen ("Serum", "Urine").</param>
/// <param name="UcumUnit">The normalised UCUM unit of the result.</param>
/// <param name="Quantitative">True for a numeric result, false for a qualitative one, null when unknown.</param>
public sealed record LoincLookupHints(string? Specimen = null, string? UcumUnit = null, bool? Quantitative = null)
{
    /// <summary>No hints.</summary>
    public static LoincLookupHints None { get; } = new();
}
