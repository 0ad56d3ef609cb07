namespace FhirMedGemma.Api.Auth;

/// <summary>JWT bearer authentication (section <c>Auth</c>). Enabled by default; see docs/service.md for development mode.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>False turns authentication off (development only: every caller gets every scope).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The token issuer (OpenID Connect discovery at {Authority}/.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>A symmetric HS256 key (at least 32 bytes of UTF-8) for development and tests, instead of an Authority.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer tokens signed with <see cref="SigningKey"/> must carry; empty accepts any issuer.</summary>
    public string? Issuer { get; set; }
}
