using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.ErrorHandling;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authorization;

namespace FhirMedGemma.Api.Grpc;

/// <summary>
/// Checks SMART scopes on our gRPC methods (health and reflection stay open). Done here rather than with [Authorize] so
/// a failure is an RpcException with ErrorInfo, like every other gRPC error, instead of a bare HTTP 401.
/// </summary>
internal sealed class GrpcAuthorizationInterceptor(IAuthorizationService authorization) : Interceptor
{
    private static readonly Dictionary<string, string[]> RequiredScopes = new(StringComparer.Ordinal)
    {
        ["/fhirmedgemma.v1.ClinicalSummary/Summarize"] = [SmartScopes.PatientRead],
        ["/fhirmedgemma.v1.ClinicalSummary/StreamSummarize"] = [SmartScopes.PatientRead],
        ["/fhirmedgemma.v1.LabReports/ExtractObservations"] = [SmartScopes.DiagnosticReportRead, SmartScopes.ObservationWrite],
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        if (!RequiredScopes.TryGetValue(context.Method, out var scopes))
        {
            return;
        }

        var user = context.GetHttpContext().User;
        foreach (var scope in scopes)
        {
            var result = await authorization.AuthorizeAsync(user, scope).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw user.Identity?.IsAuthenticated == true
                    ? new ServiceException(ErrorKind.Forbidden, ServiceErrorCodes.InsufficientScope, $"The token does not grant {scope}.")
                    : new ServiceException(ErrorKind.Unauthenticated, ServiceErrorCodes.Unauthenticated, "A valid bearer token is required.");
            }
        }
    }
}
