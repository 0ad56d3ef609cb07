namespace FhirMedGemma.Inference;

/// <summary>No model can serve the request now: none is configured, it is still loading, or the remote server is down.</summary>
public sealed class ModelUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>When to try again, if known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Always <see cref="InferenceErrorCodes.ModelUnavailable"/>.</summary>
    public string ErrorCode { get; } = InferenceErrorCodes.ModelUnavailable;
}
