namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>
/// Error codes the service itself raises, beside those of FhirAdapters and Inference. Each appears verbatim in
/// OperationOutcome <c>issue.details.coding</c> and gRPC <c>ErrorInfo.reason</c>; never rename one.
/// </summary>
public static class ServiceErrorCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string InsufficientScope = "INSUFFICIENT_SCOPE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string UnknownOperation = "UNKNOWN_OPERATION";
    public const string ResourceNotFound = "RESOURCE_NOT_FOUND";
    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    public const string UpstreamRejected = "UPSTREAM_REJECTED";
    public const string UpstreamResponseTooLarge = "UPSTREAM_RESPONSE_TOO_LARGE";
    public const string InternalError = "INTERNAL_ERROR";
}
