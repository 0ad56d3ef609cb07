using Grpc.Core;

namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>The status each <see cref="ErrorKind"/> gets on each protocol.</summary>
internal static class ErrorKindMapping
{
    public static int ToHttpStatus(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Overloaded => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Caller mistakes of every shape are INVALID_ARGUMENT on gRPC, with the detail in BadRequest.</summary>
    public static StatusCode ToGrpcStatus(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest or ErrorKind.TooLarge or ErrorKind.UnsupportedMediaType or ErrorKind.Unprocessable => StatusCode.InvalidArgument,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.Forbidden => StatusCode.PermissionDenied,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.Overloaded => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };
}
