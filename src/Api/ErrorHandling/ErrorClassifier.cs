using FhirMedGemma.Api.Upstream;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.Inference;
using Polly.CircuitBreaker;
using Polly.Timeout;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>
/// The one place that turns an exception into a <see cref="ServiceError"/>. The FHIR exception handler and the gRPC
/// interceptor both call it, so the two protocols can never disagree about what a failure is.
/// </summary>
internal static class ErrorClassifier
{
    public static ServiceError Classify(Exception exception) => exception switch
    {
        ServiceException e => new(e.Kind, e.ErrorCode, e.Message, IssueTypeOf(e.Kind), e.Field),
        InvalidClinicalInputException e => new(KindOf(e.IssueType), e.ErrorCode, e.Message, e.IssueType, e.Expression),
        CapacityExceededException e => new(ErrorKind.Overloaded, e.ErrorCode, e.Message, IssueType.Throttled, RetryAfter: e.RetryAfter),
        ModelUnavailableException e => new(ErrorKind.Unavailable, e.ErrorCode, "The model is not available.", IssueType.Transient,
            RetryAfter: e.RetryAfter ?? TimeSpan.FromSeconds(5)),
        InvalidModelInputException e => new(e.ErrorCode == InferenceErrorCodes.PromptTooLong ? ErrorKind.TooLarge : ErrorKind.Unprocessable,
            e.ErrorCode, e.Message, e.ErrorCode == InferenceErrorCodes.PromptTooLong ? IssueType.TooCostly : IssueType.Processing),
        UpstreamFhirException e => new(e.Kind, e.ErrorCode, e.Message, IssueTypeOf(e.Kind), RetryAfter: e.Kind == ErrorKind.Unavailable ? TimeSpan.FromSeconds(5) : null),
        BrokenCircuitException => Upstream("The upstream FHIR server is failing; calls are paused (circuit open)."),
        TimeoutRejectedException => Upstream("The upstream FHIR server did not answer in time."),
        HttpRequestException => Upstream("The upstream FHIR server could not be reached."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new(ErrorKind.TooLarge, ServiceErrorCodes.BodyTooLarge, "The request body exceeds Limits:MaxRequestBodyBytes.", IssueType.TooCostly),
        BadHttpRequestException => new(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "The HTTP request is malformed.", IssueType.Invalid),
        _ => new(ErrorKind.Internal, ServiceErrorCodes.InternalError, "An unexpected error occurred; the trace id identifies it in the service logs.",
            IssueType.Exception),
    };

    private static ServiceError Upstream(string message) =>
        new(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamUnavailable, message, IssueType.Transient, RetryAfter: TimeSpan.FromSeconds(5));

    /// <summary>The FHIR issue type decides the status, as the style guide's table says.</summary>
    private static ErrorKind KindOf(IssueType issueType) => issueType switch
    {
        IssueType.TooCostly or IssueType.TooLong => ErrorKind.TooLarge,
        IssueType.NotSupported => ErrorKind.UnsupportedMediaType,
        IssueType.BusinessRule or IssueType.Processing or IssueType.Incomplete => ErrorKind.Unprocessable,
        IssueType.NotFound => ErrorKind.NotFound,
        IssueType.Throttled => ErrorKind.Overloaded,
        IssueType.Transient => ErrorKind.Unavailable,
        IssueType.Security or IssueType.Login => ErrorKind.Unauthenticated,
        IssueType.Forbidden => ErrorKind.Forbidden,
        _ => ErrorKind.BadRequest,
    };

    private static IssueType IssueTypeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => IssueType.Invalid,
        ErrorKind.Unauthenticated => IssueType.Login,
        ErrorKind.Forbidden => IssueType.Forbidden,
        ErrorKind.NotFound => IssueType.NotFound,
        ErrorKind.TooLarge => IssueType.TooCostly,
        ErrorKind.UnsupportedMediaType => IssueType.NotSupported,
        ErrorKind.Unprocessable => IssueType.Processing,
        ErrorKind.Overloaded => IssueType.Throttled,
        ErrorKind.Unavailable => IssueType.Transient,
        _ => IssueType.Exception,
    };
}
