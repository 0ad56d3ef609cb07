using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>Mints HS256 JWTs the test host accepts (Auth:SigningKey), with the SMART scopes a test wants.</summary>
internal static class TestTokens
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const string Audience = "fhirmedgemma-tests";
    public const string AllScopes = "system/Patient.read system/DiagnosticReport.read system/Observation.write";

    public static string Create(string scopes = AllScopes, TimeSpan? lifetime = null, string audience = Audience)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Audience = audience,
            Issuer = "tests",
            Subject = new ClaimsIdentity([new Claim("sub", "integration-engine"), new Claim("scope", scopes)]),
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
