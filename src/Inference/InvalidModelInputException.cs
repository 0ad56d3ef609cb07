namespace FhirMedGemma.Inference;

/// <summary>A generation request the model cannot take: a prompt over the limit, a corrupt image, bad parameters.</summary>
/// <remarks>The message names the limit and the measured size, never the prompt or image content.</remarks>
public sealed class InvalidModelInputException(string errorCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>A code from <see cref="InferenceErrorCodes"/>.</summary>
    public string ErrorCode { get; } = errorCode;
}
