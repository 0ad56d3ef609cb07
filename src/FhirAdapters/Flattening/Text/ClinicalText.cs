using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>Renders FHIR names, codes and quantities as short prompt text.</summary>
internal static class ClinicalText
{
    /// <summary>The concept's text, else its first coding's display, else its first code.</summary>
    public static string Concept(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return "unnamed";
        }

        if (!string.IsNullOrWhiteSpace(concept.Text))
        {
            return Clean(concept.Text);
        }

        var coding = concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display)) ?? concept.Coding.FirstOrDefault();
        return coding is null ? "unnamed" : Clean(coding.Display ?? coding.Code ?? "unnamed");
    }

    /// <summary>A grouping key for a concept: its first coding's system|code, else its text.</summary>
    public static string ConceptKey(CodeableConcept? concept)
    {
        var coding = concept?.Coding.FirstOrDefault(c => !string.IsNullOrEmpty(c.Code));
        return coding is not null ? $"{coding.System}|{coding.Code}" : Concept(concept);
    }

    /// <summary>Whether the concept has a coding with this code (any system).</summary>
    public static bool HasCode(CodeableConcept? concept, string code) =>
        concept is not null && concept.Coding.Any(c => string.Equals(c.Code, code, StringComparison.Ordinal));

    /// <summary>A quantity as "value unit", the value at clinically sensible precision and the unit exactly as sent.</summary>
    public static string Quantity(Quantity? quantity)
    {
        if (quantity?.Value is not { } value)
        {
            return "?";
        }

        var unit = Unit(quantity);
        var comparator = quantity.Comparator is { } c ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(c) : string.Empty;
        return unit.Length == 0 ? $"{comparator}{ClinicalNumber.Format(value)}" : $"{comparator}{ClinicalNumber.Format(value)} {unit}";
    }

    /// <summary>The printed unit, else the UCUM code; "1" (unitless) prints as nothing. Never converted.</summary>
    public static string Unit(Quantity? quantity)
    {
        var unit = quantity?.Unit ?? quantity?.Code ?? string.Empty;
        return unit is "1" or "{score}" ? string.Empty : unit;
    }

    /// <summary>One line of text: newlines and runs of blanks folded to a single space.</summary>
    public static string Clean(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal) || text.Contains("  ", StringComparison.Ordinal)
            ? string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            : text.Trim();
}
