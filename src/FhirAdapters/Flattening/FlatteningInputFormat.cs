namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>How the raw content of a <see cref="FlatteningRequest"/> is encoded.</summary>
public enum FlatteningInputFormat
{
    /// <summary>Decide from the first non-blank character: <c>{</c> is JSON, <c>&lt;</c> is XML.</summary>
    Auto = 0,

    /// <summary>FHIR JSON.</summary>
    Json,

    /// <summary>FHIR XML.</summary>
    Xml,
}
