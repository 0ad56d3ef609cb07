namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>A request the service itself rejects (media type, auth, unknown job…). The message never quotes input.</summary>
internal sealed class ServiceException(ErrorKind kind, string errorCode, string message, string? field = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ErrorKind Kind { get; } = kind;

    public string ErrorCode { get; } = errorCode;

    /// <summary>The request field at fault (FHIRPath for REST, proto field for gRPC), if any.</summary>
    public string? Field { get; } = field;
}
