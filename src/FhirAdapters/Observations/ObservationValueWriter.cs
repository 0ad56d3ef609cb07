using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Writes value[x] (or dataAbsentReason) and referenceRange onto an Observation.</summary>
internal static class ObservationValueWriter
{
    public static void WriteValue(Observation observation, ParsedLabValue value, NormalizedUnit unit, List<LabMappingWarning> warnings)
    {
        switch (value.Kind)
        {
            case LabValueKind.Quantity:
                observation.Value = ToQuantity(value.Number!.Value, value.Comparator, unit);
                if (unit.Outcome == UnitNormalization.None)
                {
                    warnings.Add(new(LabMappingWarningCode.MissingUnit, "A numeric result has no unit."));
                }
                else if (unit.Outcome == UnitNormalization.Unknown)
                {
                    warnings.Add(new(LabMappingWarningCode.UnknownUnit, "The printed unit is not UCUM; it is kept as text without a code."));
                }

                break;
            case LabValueKind.Qualitative:
                var coded = value.Qualitative!;
                observation.Value = new CodeableConcept(LabFhirSystems.SnomedCt, coded.Code, coded.Display, value.Text);
                break;
            case LabValueKind.Absent:
                observation.DataAbsentReason = new CodeableConcept(LabFhirSystems.DataAbsentReason, value.DataAbsentReason);
                warnings.Add(new(LabMappingWarningCode.ValueAbsent, "The row has no result."));
                break;
            default:
                observation.Value = new FhirString(value.Text);
                warnings.Add(new(LabMappingWarningCode.ValueNotParsed, "The result is not a number or a known qualitative result; kept as text."));
                break;
        }
    }

    public static void WriteReferenceRange(Observation observation, ParsedReferenceRange? range, NormalizedUnit unit, List<LabMappingWarning> warnings)
    {
        if (range is null)
        {
            return;
        }

        var component = new Observation.ReferenceRangeComponent { Text = range.Text };
        if (range.Low is { } low)
        {
            component.Low = ToQuantity(low, null, unit);
        }

        if (range.High is { } high)
        {
            component.High = ToQuantity(high, null, unit);
        }

        if (!range.IsParsed)
        {
            warnings.Add(new(LabMappingWarningCode.ReferenceRangeNotParsed, "The reference range could not be read; only its text is kept."));
        }

        observation.ReferenceRange.Add(component);
    }

    private static Quantity ToQuantity(decimal number, Quantity.QuantityComparator? comparator, NormalizedUnit unit)
    {
        var quantity = new Quantity { Value = number, Comparator = comparator, Unit = unit.PrintedText };
        if (unit.UcumCode is not null)
        {
            quantity.System = LabFhirSystems.Ucum;
            quantity.Code = unit.UcumCode;
        }

        return quantity;
    }
}
