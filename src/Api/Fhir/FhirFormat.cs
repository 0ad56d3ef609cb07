namespace FhirMedGemma.Api.Fhir;

/// <summary>The two FHIR wire formats.</summary>
internal enum FhirFormat
{
    Json,
    Xml,
}
