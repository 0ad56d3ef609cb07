namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>How a printed unit became a UCUM code.</summary>
public enum UnitNormalization
{
    /// <summary>No unit was printed.</summary>
    None,

    /// <summary>The printed unit is valid UCUM as printed.</summary>
    Exact,

    /// <summary>The printed unit is a known alias of a UCUM code (mEq/L → meq/L, x10E3/uL → 10*3/uL).</summary>
    Alias,

    /// <summary>The printed unit is not UCUM and no alias is known: the value keeps the text but gets no code.</summary>
    Unknown,
}
