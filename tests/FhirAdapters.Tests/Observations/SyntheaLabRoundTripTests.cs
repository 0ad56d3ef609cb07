using System.Globalization;
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

/// <summary>
/// Prints every lab Observation of the Synthea fixtures as a report row (name = the coding's display, value and unit as
/// text) and maps it back: LOINC, value and UCUM code must come back unchanged.
/// </summary>
public sealed class SyntheaLabRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void Map_SyntheaLabObservationsPrintedAsRows_RecoversLoincValueAndUcum()
    {
        var mapper = LabMappingTestData.Mapper();
        var observations = SyntheaLabObservations.All();
        var failures = new List<string>();

        foreach (var original in observations)
        {
            var row = ToPrintedRow(original);
            var mapped = mapper.Map(row, LabMappingTestData.Context()).Observation;
            if (Mismatch(original, mapped) is { } why)
            {
                failures.Add($"{original.Code.Coding[0].Code}: {why}");
            }
        }

        var agreed = observations.Count - failures.Count;
        output.WriteLine($"Synthea lab round trip: {agreed}/{observations.Count} rows agree on LOINC + value + UCUM ({100.0 * agreed / observations.Count:F1}%).");
        observations.Should().HaveCountGreaterThan(500);
        failures.Distinct().Should().BeEmpty();
    }

    private static ExtractedLabRow ToPrintedRow(Observation o)
    {
        var name = o.Code.Coding[0].Display ?? o.Code.Text ?? string.Empty;
        return o.Value switch
        {
            Quantity q => new ExtractedLabRow(name, q.Value!.Value.ToString(CultureInfo.InvariantCulture), q.Unit ?? q.Code),
            CodeableConcept c => new ExtractedLabRow(name, PrintedQualitative(c)),
            _ => throw new InvalidOperationException("Only Quantity and CodeableConcept values are selected."),
        };
    }

    // A report prints "Negative", not the SNOMED display "Negative (qualifier value)".
    private static string PrintedQualitative(CodeableConcept c) =>
        (c.Text ?? c.Coding[0].Display ?? string.Empty).Replace(" (qualifier value)", string.Empty, StringComparison.Ordinal);

    private static string? Mismatch(Observation original, Observation mapped)
    {
        var code = original.Code.Coding[0].Code;
        if (mapped.Code.Coding.FirstOrDefault()?.Code != code)
        {
            return $"LOINC {mapped.Code.Coding.FirstOrDefault()?.Code ?? "none"}";
        }

        return (original.Value, mapped.Value) switch
        {
            (Quantity a, Quantity b) when a.Value != b.Value => "value differs",
            (Quantity a, Quantity b) when a.Code != b.Code || b.System != LabFhirSystems.Ucum => $"UCUM {b.Code ?? "none"} for {a.Code}",
            (Quantity, Quantity) => null,
            (CodeableConcept a, CodeableConcept b) when a.Coding[0].Code != b.Coding.FirstOrDefault()?.Code => "qualitative code differs",
            (CodeableConcept, CodeableConcept) => null,
            _ => $"value type {mapped.Value?.TypeName ?? "none"}",
        };
    }
}
