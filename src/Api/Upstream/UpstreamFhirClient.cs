using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.Telemetry;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>
/// Typed client of the upstream FHIR server: reads, $everything with paging, creates and transactions. Retries, timeouts
/// and the circuit breaker come from the resilience handler registered with it; this class enforces ids, page and size limits.
/// </summary>
internal sealed partial class UpstreamFhirClient(
    HttpClient http, IOptions<UpstreamOptions> options, FhirSerialization serialization, ILogger<UpstreamFhirClient> logger)
{
    private UpstreamOptions Options => options.Value;

    /// <summary>Reads <c>{type}/{id}</c>.</summary>
    public async Task<TResource> ReadAsync<TResource>(string id, CancellationToken cancellationToken)
        where TResource : Resource
    {
        var type = ModelInfo.GetFhirTypeNameForType(typeof(TResource)) ?? typeof(TResource).Name;
        var resource = await GetAsync(type, $"{type}/{CheckId(id, type)}", cancellationToken).ConfigureAwait(false);
        return resource as TResource ?? throw WrongType(type);
    }

    /// <summary>Reads a resource by a relative reference such as <c>Binary/123</c>.</summary>
    public Task<Resource> ReadReferenceAsync(string relativeReference, CancellationToken cancellationToken)
    {
        var parts = relativeReference.Split('/');
        if (parts.Length != 2 || !ModelInfo.IsKnownResource(parts[0]))
        {
            throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "The reference is not of the form Type/id.");
        }

        return GetAsync(parts[0], $"{parts[0]}/{CheckId(parts[1], parts[0])}", cancellationToken);
    }

    /// <summary>Reads <c>Binary/{id}</c>; null when the server has no such Binary.</summary>
    public async Task<Binary?> ReadBinaryAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync<Binary>(id, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamFhirException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>Fetches <c>Patient/{id}/$everything</c>, following <c>next</c> links up to Upstream:MaxPages, as one Bundle.</summary>
    public async Task<Bundle> GetPatientEverythingAsync(string patientId, CancellationToken cancellationToken)
    {
        var merged = new Bundle { Type = Bundle.BundleType.Collection };
        string? next = $"Patient/{CheckId(patientId, "Patient")}/$everything";
        var pages = 0;
        while (next is not null)
        {
            if (++pages > Options.MaxPages)
            {
                throw new UpstreamFhirException(ErrorKind.TooLarge, ServiceErrorCodes.UpstreamResponseTooLarge,
                    $"The record has more than Upstream:MaxPages ({Options.MaxPages}) pages.");
            }

            var page = await GetAsync("Patient", next, cancellationToken).ConfigureAwait(false) as Bundle ?? throw WrongType("Bundle");
            merged.Entry.AddRange(page.Entry);
            next = NextLink(page);
        }

        Log.UpstreamFetched(logger, "Patient/$everything", pages, merged.Entry.Count);
        return merged;
    }

    /// <summary>Creates a resource (<c>POST {type}</c>) and returns the id the server assigned, if it said.</summary>
    public async Task<string?> CreateAsync(Resource resource, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(resource.TypeName, resource, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location?.ToString();
        var match = location is null ? null : IdInLocation().Match(location);
        return match is { Success: true } ? match.Groups["id"].Value : null;
    }

    /// <summary>Posts a transaction Bundle to the base URL and returns the transaction-response.</summary>
    public async Task<Bundle> TransactionAsync(Bundle transaction, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(string.Empty, transaction, cancellationToken).ConfigureAwait(false);
        var body = await ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
        return serialization.Parse(body, FhirFormat.Json) as Bundle ?? throw WrongType("Bundle");
    }

    private async Task<Resource> GetAsync(string resourceType, string relativeOrAbsolute, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ResolveUrl(relativeOrAbsolute));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirMediaTypes.Json));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, resourceType);
        var body = await ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
        return serialization.Parse(body, FhirFormat.Json);
    }

    private async Task<HttpResponseMessage> PostAsync(string relative, Resource resource, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ResolveUrl(relative))
        {
            Content = new StringContent(serialization.ToJson(resource), Encoding.UTF8, FhirMediaTypes.Json),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirMediaTypes.Json));
        var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureSuccess(response, resource.TypeName);
            Log.Persisted(logger, resource.TypeName, (int)response.StatusCode);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Uri ResolveUrl(string relativeOrAbsolute)
    {
        var baseUrl = Options.BaseUrl ?? throw new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamUnavailable,
            "No upstream FHIR server is configured (Upstream:BaseUrl).");
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        var url = new Uri(root, relativeOrAbsolute);

        // Paging links come from the server; never send our credentials anywhere else.
        if (!root.IsBaseOf(url))
        {
            throw new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamRejected, "The upstream server linked outside its base URL.");
        }

        return url;
    }

    private void EnsureSuccess(HttpResponseMessage response, string resourceType)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        Log.UpstreamFailed(logger, (int)response.StatusCode, resourceType);
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new UpstreamFhirException(ErrorKind.NotFound, ServiceErrorCodes.ResourceNotFound,
                $"The upstream server has no such {resourceType}."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamRejected,
                $"The upstream server refused the service's credentials ({(int)response.StatusCode})."),
            >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests => new UpstreamFhirException(ErrorKind.Unavailable,
                ServiceErrorCodes.UpstreamUnavailable, $"The upstream server answered {(int)response.StatusCode}."),
            _ => new UpstreamFhirException(ErrorKind.Unprocessable, ServiceErrorCodes.UpstreamRejected,
                $"The upstream server rejected the {resourceType} request ({(int)response.StatusCode})."),
        };
    }

    private async Task<string> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = Options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw TooLarge(max);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw TooLarge(max);
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string? NextLink(Bundle page) =>
        page.Link.FirstOrDefault(l => string.Equals(l.Relation, "next", StringComparison.OrdinalIgnoreCase))?.Url;

    private static string CheckId(string id, string resourceType) =>
        ValidId().IsMatch(id) ? id : throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest,
            $"The {resourceType} id is not a valid FHIR id ([A-Za-z0-9-.], 1-64 characters).", "id");

    private static UpstreamFhirException WrongType(string expected) =>
        new(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamRejected, $"The upstream server did not return a {expected}.");

    private static UpstreamFhirException TooLarge(long max) =>
        new(ErrorKind.TooLarge, ServiceErrorCodes.UpstreamResponseTooLarge, $"An upstream response exceeds Upstream:MaxResponseBytes ({max}).");

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex ValidId();

    [GeneratedRegex("/(?<id>[A-Za-z0-9\\-\\.]{1,64})(/_history/[^/]+)?/?$")]
    private static partial Regex IdInLocation();
}
