using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>One row mapped: the Observation, the catalog test it was coded with, and what could not be carried over.</summary>
/// <param name="Row">The row as extracted.</param>
/// <param name="Observation">The US Core lab Observation (no identifier yet: <see cref="LabTransactionBuilder"/> assigns it).</param>
/// <param name="Test">The LOINC test, or null when the name is not in the catalog.</param>
/// <param name="Warnings">Everything the mapper could not carry over, in the order met.</param>
public sealed record LabMappingResult(
    ExtractedLabRow Row,
    Observation Observation,
    LoincTest? Test,
    IReadOnlyList<LabMappingWarning> Warnings)
{
    /// <summary>True when the test name was found in the catalog (the Observation carries a LOINC code).</summary>
    public bool IsCoded => Test is not null;
}
