using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>Adds the upstream bearer token (static, or fetched with client credentials) to each outgoing request.</summary>
internal sealed class UpstreamAuthHandler(IOptions<UpstreamOptions> options, ClientCredentialsTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var auth = options.Value.Auth;
        var token = auth.Mode switch
        {
            UpstreamAuthMode.Bearer => auth.Token,
            UpstreamAuthMode.ClientCredentials => await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
