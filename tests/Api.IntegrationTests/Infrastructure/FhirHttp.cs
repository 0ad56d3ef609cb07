using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>FHIR request and response helpers for the REST tests.</summary>
internal static class FhirHttp
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";

    public static StringContent Body(string text, string mediaType = Json) => new(text, Encoding.UTF8, mediaType);

    public static StringContent Body(Resource resource) => Body(new BaseFhirJsonSerializer(ModelInfo.ModelInspector).SerializeToString(resource));

    public static async Task<TResource> ReadAsync<TResource>(HttpResponseMessage response)
        where TResource : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        var media = response.Content.Headers.ContentType?.MediaType;
        return media == Xml
            ? new FhirXmlDeserializer().Deserialize<TResource>(text)
            : new FhirJsonDeserializer().Deserialize<TResource>(text);
    }

    /// <summary>Reads the OperationOutcome of an error response and returns its error code (issue.details.coding.code).</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be(Json, "errors are OperationOutcomes in FHIR JSON");
        var outcome = await ReadAsync<OperationOutcome>(response);
        return outcome.Issue.Single().Details?.Coding.Single().Code;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        return request;
    }
}
