using Microsoft.AspNetCore.Authorization;

namespace FhirMedGemma.Api.Auth;

/// <summary>The caller's token must grant <see cref="Scope"/> in its <c>scope</c> (or <c>scp</c>) claim.</summary>
internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;
