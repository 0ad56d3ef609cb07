using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>Each auth mode needs its own settings.</summary>
internal sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var auth = options.Auth;
        var failures = new List<string>();
        if (options.BaseUrl is { IsAbsoluteUri: false })
        {
            failures.Add("Upstream:BaseUrl must be an absolute URL.");
        }

        if (auth.Mode == UpstreamAuthMode.Bearer && string.IsNullOrEmpty(auth.Token))
        {
            failures.Add("Upstream:Auth:Mode is Bearer but Upstream:Auth:Token is empty.");
        }

        if (auth.Mode == UpstreamAuthMode.ClientCredentials &&
            (auth.TokenUrl is null || string.IsNullOrEmpty(auth.ClientId) || string.IsNullOrEmpty(auth.ClientSecret)))
        {
            failures.Add("Upstream:Auth:Mode is ClientCredentials: TokenUrl, ClientId and ClientSecret are required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
