namespace FhirMedGemma.Inference;

/// <summary>
/// The error vocabulary of the inference layer, shared verbatim by OperationOutcome <c>issue.details</c> and gRPC
/// <c>ErrorInfo.reason</c>. Never rename a code: callers match on them.
/// </summary>
public static class InferenceErrorCodes
{
    /// <summary>All generation slots and the wait queue are full.</summary>
    public const string ModelBusy = "MODEL_BUSY";

    /// <summary>No model is loaded (not configured, still loading, or the remote server is down).</summary>
    public const string ModelUnavailable = "MODEL_UNAVAILABLE";

    /// <summary>The rendered prompt is longer than the configured limit.</summary>
    public const string PromptTooLong = "PROMPT_TOO_LONG";

    /// <summary>An image could not be decoded, or is larger than the configured limit.</summary>
    public const string ImageInvalid = "IMAGE_INVALID";

    /// <summary>A request parameter (sampling, token limits, messages) is out of range.</summary>
    public const string InvalidGenerationRequest = "INVALID_GENERATION_REQUEST";
}
