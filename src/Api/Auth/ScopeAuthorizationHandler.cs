using Microsoft.AspNetCore.Authorization;

namespace FhirMedGemma.Api.Auth;

/// <summary>Checks a <see cref="ScopeRequirement"/> against the space-separated scope claims of the token.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var granted = context.User.FindAll(c => c.Type is "scope" or "scp").Select(c => c.Value);
        if (granted.Any(g => SmartScopes.Covers(g, requirement.Scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
