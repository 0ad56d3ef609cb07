namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>The protocol-neutral class of a failure; each maps to one HTTP status and one gRPC status code.</summary>
internal enum ErrorKind
{
    BadRequest,
    Unauthenticated,
    Forbidden,
    NotFound,
    TooLarge,
    UnsupportedMediaType,
    Unprocessable,
    Overloaded,
    Unavailable,
    Internal,
}
