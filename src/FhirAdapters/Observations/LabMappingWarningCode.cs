namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Why a row mapped with less than it had: stable codes, safe to log and count.</summary>
public enum LabMappingWarningCode
{
    /// <summary>The test name is not in the LOINC catalog; the Observation has code.text only.</summary>
    UnmappedTestName,

    /// <summary>The printed unit is not UCUM and has no known alias; the Quantity has unit text but no code.</summary>
    UnknownUnit,

    /// <summary>A numeric result was printed without a unit.</summary>
    MissingUnit,

    /// <summary>The result is neither a number nor a known qualitative result; it became valueString.</summary>
    ValueNotParsed,

    /// <summary>There is no result (blank, pending…); the Observation has a dataAbsentReason.</summary>
    ValueAbsent,

    /// <summary>The reference range could not be read; only its text is kept.</summary>
    ReferenceRangeNotParsed,

    /// <summary>The printed flag is not one the resolver knows; the interpretation was computed from the range, if any.</summary>
    UnknownFlag,

    /// <summary>The collection date could not be read; the report's date was used, if any.</summary>
    CollectedDateNotParsed,

    /// <summary>Neither the row nor the context gives an effective date.</summary>
    EffectiveDateMissing,
}
