using System.Diagnostics;
using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FhirMedGemma.Api.Auth;

/// <summary>Answers a failed authorization on the REST surface with an OperationOutcome (401 or 403), not an empty body.</summary>
internal sealed class FhirAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var error = authorizeResult.Challenged
            ? new ServiceError(ErrorKind.Unauthenticated, ServiceErrorCodes.Unauthenticated, "A valid bearer token is required.",
                Hl7.Fhir.Model.OperationOutcome.IssueType.Login)
            : new ServiceError(ErrorKind.Forbidden, ServiceErrorCodes.InsufficientScope,
                "The token does not grant the scope this operation requires.", Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden);
        var outcome = OperationOutcomeFactory.Create(error, Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
        var result = new FhirResult(outcome, error.Kind.ToHttpStatus());
        if (authorizeResult.Challenged)
        {
            result.WithHeader(KnownHeaders.WwwAuthenticate, "Bearer");
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }
}
