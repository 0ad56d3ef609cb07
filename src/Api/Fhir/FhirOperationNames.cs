namespace FhirMedGemma.Api.Fhir;

/// <summary>The FHIR operations this service defines, and their canonical OperationDefinition URLs.</summary>
internal static class FhirOperationNames
{
    public const string Summarize = "$summarize";
    public const string ExtractObservations = "$extract-observations";
    public const string SummarizeDefinitionId = "Patient-summarize";
    public const string ExtractObservationsDefinitionId = "DiagnosticReport-extract-observations";
    public const string CanonicalBase = "urn:fhirmedgemma:fhir";
    public const string ErrorCodeSystem = "urn:fhirmedgemma:error-code";
}
