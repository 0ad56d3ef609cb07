using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// An Observation's value as prompt text: a quantity at sensible precision in the unit sent (never converted), blood
/// pressure as systolic/diastolic from its components, coded and text values as their names.
/// </summary>
/// <param name="Number">The value without unit ("8.1", "120/80"), or null when it is not numeric.</param>
/// <param name="Unit">The unit as sent (may be empty).</param>
/// <param name="Text">The full value text ("8.1 %", "Never smoker").</param>
internal sealed record ObservationValue(string? Number, string Unit, string Text)
{
    private const string SystolicLoinc = "8480-6";
    private const string DiastolicLoinc = "8462-4";

    public static ObservationValue? Of(Observation observation)
    {
        if (observation.Value is { } value)
        {
            return Of(value);
        }

        var systolic = Component(observation, SystolicLoinc);
        var diastolic = Component(observation, DiastolicLoinc);
        if (systolic?.Value is { } sys && diastolic?.Value is { } dia)
        {
            var unit = ClinicalText.Unit(systolic);
            var number = $"{ClinicalNumber.Format(sys)}/{ClinicalNumber.Format(dia)}";
            return new ObservationValue(number, unit, unit.Length == 0 ? number : $"{number} {unit}");
        }

        var parts = observation.Component
            // Free-text answers (e.g. PRAPARE "What address do you live at?") can identify the patient; coded and numeric ones are kept.
            .Where(c => c.Value is not null and not FhirString)
            .Select(c => $"{ClinicalText.Concept(c.Code)} {Of(c.Value!)?.Text}")
            .ToList();
        return parts.Count == 0 ? null : new ObservationValue(null, string.Empty, string.Join("; ", parts));
    }

    private static ObservationValue? Of(DataType value) => value switch
    {
        Quantity { Value: { } number } q => new ObservationValue(
            (q.Comparator is { } c ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(c) : string.Empty) + ClinicalNumber.Format(number),
            ClinicalText.Unit(q),
            ClinicalText.Quantity(q)),
        CodeableConcept concept => Textual(ClinicalText.Concept(concept)),
        FhirString s when !string.IsNullOrWhiteSpace(s.Value) => Textual(ClinicalText.Clean(s.Value)),
        FhirBoolean { Value: { } b } => Textual(b ? "yes" : "no"),
        Integer { Value: { } i } => new ObservationValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Hl7.Fhir.Model.Range r => Textual($"{ClinicalText.Quantity(r.Low)} to {ClinicalText.Quantity(r.High)}"),
        Ratio r => Textual($"{ClinicalText.Quantity(r.Numerator)}/{ClinicalText.Quantity(r.Denominator)}"),
        _ => null,
    };

    private static ObservationValue Textual(string text) => new(null, string.Empty, text);

    private static Quantity? Component(Observation observation, string loinc) =>
        observation.Component.FirstOrDefault(c => ClinicalText.HasCode(c.Code, loinc))?.Value as Quantity;
}
