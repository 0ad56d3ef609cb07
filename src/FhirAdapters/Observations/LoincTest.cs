namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>One lab test of the curated <see cref="LoincCatalog"/>.</summary>
/// <param name="Code">The LOINC code, e.g. "718-7".</param>
/// <param name="Display">The LOINC long name used as the coding display.</param>
/// <param name="Synonyms">Names labs print for the test ("Hgb", "ALT (SGPT)").</param>
/// <param name="DefaultUnit">The usual UCUM unit, or null for qualitative tests. Informative: a printed unit is never replaced by it.</param>
/// <param name="Specimen">The specimen the code is defined for ("Blood", "Serum or Plasma", "Urine").</param>
/// <param name="Scale">Whether the result is a number or a grade/name.</param>
/// <param name="Panel">The panel the test usually belongs to (CBC, Lipids…), for grouping only.</param>
public sealed record LoincTest(
    string Code,
    string Display,
    IReadOnlyList<string> Synonyms,
    string? DefaultUnit,
    string? Specimen,
    LoincScale Scale,
    string? Panel);
