namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>What a printed result turned out to be.</summary>
public enum LabValueKind
{
    /// <summary>A number, perhaps with a comparator: becomes valueQuantity.</summary>
    Quantity,

    /// <summary>A known qualitative result (Negative, Trace, 1+): becomes valueCodeableConcept.</summary>
    Qualitative,

    /// <summary>Other text (Yellow, "see note"): becomes valueString.</summary>
    Text,

    /// <summary>No result (blank, pending, not performed): becomes dataAbsentReason.</summary>
    Absent,
}
