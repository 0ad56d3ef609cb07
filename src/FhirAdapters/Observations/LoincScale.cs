namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>The LOINC scale of a test: whether its result is a number, an ordered grade, or a name.</summary>
public enum LoincScale
{
    /// <summary>Qn: a number with a unit.</summary>
    Quantitative,

    /// <summary>Ord: an ordered grade (Negative, Trace, 1+, Positive).</summary>
    Ordinal,

    /// <summary>Nom: a name (Yellow, Clear).</summary>
    Nominal,
}
