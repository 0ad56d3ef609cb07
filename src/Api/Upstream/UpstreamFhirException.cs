using FhirMedGemma.Api.ErrorHandling;

namespace FhirMedGemma.Api.Upstream;

/// <summary>The upstream FHIR server could not give us what we asked for. The message names the resource type, not the data.</summary>
internal sealed class UpstreamFhirException(ErrorKind kind, string errorCode, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    public string ErrorCode { get; } = errorCode;
}
