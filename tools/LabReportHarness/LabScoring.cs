using System.Globalization;
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.LabReportHarness;

/// <summary>Reduces pipeline output to what the harness scores.</summary>
public static class LabScoring
{
    /// <summary>
    /// (LOINC code the mapper assigned, value, UCUM code of the Observation's quantity). Uncoded rows keep their printed
    /// name as key, so they count as false positives against LOINC-keyed truth.
    /// </summary>
    public static ScoredRow FromMapped(LabMappingResult mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        var key = mapped.Test?.Code ?? mapped.Row.TestName;
        return mapped.Observation.Value is Quantity { Value: { } number } quantity
            ? new ScoredRow(key, number.ToString(CultureInfo.InvariantCulture), quantity.Code ?? quantity.Unit)
            : new ScoredRow(key, mapped.Row.ValueText, null);
    }
}
