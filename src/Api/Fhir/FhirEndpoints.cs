using FhirMedGemma.Api.Fhir.Async;

namespace FhirMedGemma.Api.Fhir;

/// <summary>The FHIR REST surface under <c>/fhir</c>.</summary>
internal static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup("/fhir");
        fhir.MapMetadataEndpoints();
        fhir.MapAsyncJobEndpoints();
        fhir.MapSummarizeEndpoints();
        fhir.MapExtractObservationsEndpoints();
        return endpoints;
    }
}
