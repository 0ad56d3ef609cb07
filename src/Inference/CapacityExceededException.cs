namespace FhirMedGemma.Inference;

/// <summary>Every generation slot is busy and the bounded wait queue is full. Callers should retry after <see cref="RetryAfter"/>.</summary>
public sealed class CapacityExceededException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>A hint for the caller's back-off (HTTP Retry-After, gRPC RetryInfo).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Always <see cref="InferenceErrorCodes.ModelBusy"/>.</summary>
    public string ErrorCode { get; } = InferenceErrorCodes.ModelBusy;
}
