using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FhirMedGemma.Api.Grpc;

/// <summary>
/// Turns every exception a gRPC method throws into the right status with google.rpc details: ErrorInfo always,
/// BadRequest for caller mistakes, RetryInfo when retrying later helps. Cancellation and deadlines are left to the
/// framework (CANCELLED / DEADLINE_EXCEEDED); the work itself has already stopped through the call's token.
/// </summary>
internal sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public const string ErrorDomain = "fhirmedgemma.v1";

    /// <summary>Key of <c>ServerCallContext.UserState</c> naming the request field the FHIR input came from.</summary>
    public const string InputFieldKey = "fhirmedgemma.input-field";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        if (exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            Log.GrpcCancelled(logger, context.Method);
            // The framework has already answered DEADLINE_EXCEEDED or seen the caller leave; this status only ends the method.
            return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed; its work was stopped."));
        }

        var error = ErrorClassifier.Classify(exception);
        if (error.Kind == ErrorKind.Internal)
        {
            Log.Unexpected(logger, exception);
        }
        else
        {
            Log.RequestRejected(logger, "grpc", error.Code, error.Kind);
        }

        return ToRpcException(error, context.UserState.TryGetValue(InputFieldKey, out var field) ? field as string : null);
    }

    public static RpcException ToRpcException(ServiceError error, string? inputField)
    {
        var code = error.Kind.ToGrpcStatus();
        var status = new Google.Rpc.Status { Code = (int)code, Message = error.Message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = error.Code, Domain = ErrorDomain }));
        if (code == StatusCode.InvalidArgument)
        {
            var field = (inputField, error.Field) switch
            {
                (null, null) => "request",
                (null, { } f) => f,
                ({ } i, null) => i,
                ({ } i, { } f) => $"{i} ({f})",
            };
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = error.Message } } }));
        }

        if (error.RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        }

        return status.ToRpcException();
    }
}
