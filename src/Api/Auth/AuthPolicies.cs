namespace FhirMedGemma.Api.Auth;

/// <summary>Authorization policy names beside the per-scope ones (<see cref="SmartScopes"/>).</summary>
internal static class AuthPolicies
{
    /// <summary>Any authenticated caller (open in development mode): used for polling asynchronous jobs.</summary>
    public const string Authenticated = "authenticated";
}
