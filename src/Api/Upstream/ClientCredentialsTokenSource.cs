using System.Text.Json;
using FhirMedGemma.Api.ErrorHandling;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>
/// OAuth 2.0 client-credentials tokens for the upstream server, cached until a minute before they expire.
/// Thread-safe: concurrent callers share one refresh.
/// </summary>
internal sealed class ClientCredentialsTokenSource(IHttpClientFactory httpClients, IOptions<UpstreamOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "upstream-token";
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && time.GetUtcNow() < _expires)
        {
            return cached;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < _expires)
            {
                return fresh;
            }

            (_token, _expires) = await RequestAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<(string Token, DateTimeOffset Expires)> RequestAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value.Auth;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = auth.ClientId ?? string.Empty,
            ["client_secret"] = auth.ClientSecret ?? string.Empty,
        };
        if (!string.IsNullOrEmpty(auth.Scope))
        {
            form["scope"] = auth.Scope;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(auth.TokenUrl, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamRejected,
                $"The upstream token endpoint answered {(int)response.StatusCode}.");
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var token = json.RootElement.GetProperty("access_token").GetString()
            ?? throw new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamRejected, "The token endpoint returned no access_token.");
        var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 300;
        return (token, time.GetUtcNow().AddSeconds(Math.Max(0, lifetime - 60)));
    }
}
