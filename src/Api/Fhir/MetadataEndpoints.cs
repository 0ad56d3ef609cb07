using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.ErrorHandling;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Fhir;

/// <summary>Open endpoints: <c>/fhir/metadata</c>, the OperationDefinitions, and the 404 for unknown FHIR paths.</summary>
internal static class MetadataEndpoints
{
    public static RouteGroupBuilder MapMetadataEndpoints(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("metadata", (TimeProvider time, IOptions<AuthOptions> auth) =>
            new FhirResult(CapabilityStatementFactory.Create(time.GetUtcNow(), auth.Value.Enabled))).AllowAnonymous();
        fhir.MapGet($"OperationDefinition/{FhirOperationNames.SummarizeDefinitionId}",
            () => new FhirResult(OperationDefinitions.Summarize())).AllowAnonymous();
        fhir.MapGet($"OperationDefinition/{FhirOperationNames.ExtractObservationsDefinitionId}",
            () => new FhirResult(OperationDefinitions.ExtractObservations())).AllowAnonymous();
        fhir.MapFallback("{**path}", (string? path) => Task.FromException<IResult>(new ServiceException(
            ErrorKind.NotFound, ServiceErrorCodes.UnknownOperation,
            "This service supports only GET metadata, Patient $summarize and DiagnosticReport $extract-observations."))).AllowAnonymous();
        return fhir;
    }
}
