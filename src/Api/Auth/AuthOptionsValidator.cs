using System.Text;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Auth;

/// <summary>With auth on, there must be a way to validate tokens and an audience to check.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.SigningKey))
        {
            failures.Add("Auth:Enabled is true but neither Auth:Authority nor Auth:SigningKey is set (set Auth:Enabled=false for local development).");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience is required when Auth:Enabled is true.");
        }

        if (!string.IsNullOrEmpty(options.SigningKey) && Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
        {
            failures.Add($"Auth:SigningKey has {Encoding.UTF8.GetByteCount(options.SigningKey)} bytes; HS256 needs at least 32.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
