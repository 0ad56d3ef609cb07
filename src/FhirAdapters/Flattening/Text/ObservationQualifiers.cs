using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>Reference range and interpretation of an Observation, as short text.</summary>
internal static class ObservationQualifiers
{
    private static readonly Dictionary<string, string> Interpretations = new(StringComparer.Ordinal)
    {
        ["H"] = "high", ["HH"] = "critically high", ["HU"] = "very high", ["L"] = "low", ["LL"] = "critically low", ["LU"] = "very low",
        ["A"] = "abnormal", ["AA"] = "critically abnormal", ["N"] = "normal", ["POS"] = "positive", ["NEG"] = "negative",
        ["DET"] = "detected", ["ND"] = "not detected", [">"] = "above measurable range", ["<"] = "below measurable range",
    };

    public static string? Range(Observation observation)
    {
        var range = observation.ReferenceRange.FirstOrDefault();
        if (range is null)
        {
            return null;
        }

        if (range.Low?.Value is { } low && range.High?.Value is { } high)
        {
            var unit = ClinicalText.Unit(range.High);
            return $"ref {ClinicalNumber.Format(low)}–{ClinicalNumber.Format(high)}{(unit.Length > 0 ? " " + unit : string.Empty)}";
        }

        if (range.Low?.Value is not null)
        {
            return $"ref ≥{ClinicalText.Quantity(range.Low)}";
        }

        if (range.High?.Value is not null)
        {
            return $"ref ≤{ClinicalText.Quantity(range.High)}";
        }

        return string.IsNullOrWhiteSpace(range.Text) ? null : $"ref {ClinicalText.Clean(range.Text)}";
    }

    public static string? Interpretation(Observation observation)
    {
        var concept = observation.Interpretation.FirstOrDefault();
        if (concept is null)
        {
            return null;
        }

        var code = concept.Coding.FirstOrDefault(c => !string.IsNullOrEmpty(c.Code))?.Code;
        return code is not null && Interpretations.TryGetValue(code, out var text) ? text : ClinicalText.Concept(concept);
    }
}
