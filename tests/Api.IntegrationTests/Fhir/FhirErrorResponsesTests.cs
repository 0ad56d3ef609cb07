using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.IntegrationTests.Fhir;

/// <summary>Every REST error path answers an OperationOutcome with the right status and error code.</summary>
public sealed class FhirErrorResponsesTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBodyBytes"] = "200000",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("{\"resourceType\": \"Bundle\", ", FhirHttp.Json, "NOT_FHIR")]
    [InlineData("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/>", FhirHttp.Xml, "NOT_FHIR")]
    [InlineData("{\"resourceType\": \"NotAResource\"}", FhirHttp.Json, "NOT_FHIR")]
    [InlineData("{\"resourceType\": \"Patient\", \"id\": \"p1\"}", FhirHttp.Json, "WRONG_RESOURCE_TYPE")]
    [InlineData("{\"resourceType\": \"Bundle\", \"type\": \"collection\"}", FhirHttp.Json, "PATIENT_MISSING")]
    public async Task PostSummarize_BadBody_Answers400WithCode(string body, string mediaType, string code)
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(body, mediaType));

        response.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be(code);
    }

    [Fact]
    public async Task PostSummarize_TextPlain_Answers415()
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body("hello", "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task PostSummarize_BodyOverLimit_Answers413()
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Paged)));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("BODY_TOO_LARGE");
    }

    [Fact]
    public async Task PostSummarize_ChunkedBodyOverLimit_Answers413()
    {
        using var http = _host.AuthorizedHttp();
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(SyntheaFixtures.Json(SyntheaFixtures.Paged))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(FhirHttp.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "fhir/Patient/$summarize") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("fhir/Patient/$everything-else")]
    [InlineData("fhir/Observation/$summarize")]
    [InlineData("fhir/Patient/123/$lookup")]
    public async Task UnknownOperation_Answers404UnknownOperation(string path)
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.PostAsync(path, FhirHttp.Body("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UNKNOWN_OPERATION");
    }

    [Fact]
    public async Task KnownOperationWithWrongMethod_Answers404UnknownOperation()
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.DeleteAsync("fhir/DiagnosticReport/$extract-observations");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UNKNOWN_OPERATION");
    }

    [Fact]
    public async Task Summarize_WithoutToken_Answers401()
    {
        using var response = await _host.Http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UNAUTHENTICATED");
    }

    [Fact]
    public async Task Summarize_WithExpiredOrForeignToken_Answers401()
    {
        using var http = new HttpClient { BaseAddress = _host.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(audience: "someone-else"));

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Summarize_WithoutPatientReadScope_Answers403()
    {
        using var http = _host.AuthorizedHttp("system/Observation.write");

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("INSUFFICIENT_SCOPE");
    }

    [Fact]
    public async Task ExtractObservations_WithoutObservationWriteScope_Answers403()
    {
        using var http = _host.AuthorizedHttp("system/DiagnosticReport.read");

        using var response = await http.PostAsync("fhir/DiagnosticReport/$extract-observations", FhirHttp.Body(LabReportFixtures.Report()));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Summarize_WithWildcardReadScope_IsAllowed()
    {
        using var http = _host.AuthorizedHttp("system/*.read");

        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SummarizeById_WithoutUpstreamConfigured_Answers503()
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.GetAsync("fhir/Patient/abc/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UPSTREAM_UNAVAILABLE");
    }

    [Fact]
    public async Task SummarizeById_WithInvalidId_Answers400()
    {
        using var http = _host.AuthorizedHttp();

        using var response = await http.GetAsync("fhir/Patient/a%20b%2F..%2Fc/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("INVALID_REQUEST");
    }

    [Fact]
    public async Task Metadata_WithoutToken_ReturnsCapabilityStatementNamingBothOperations()
    {
        using var response = await _host.Http.GetAsync("fhir/metadata");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var capability = await FhirHttp.ReadAsync<CapabilityStatement>(response);
        capability.Rest.Single().Resource.SelectMany(r => r.Operation).Select(o => o.Name).Should().BeEquivalentTo("summarize", "extract-observations");
    }

    [Theory]
    [InlineData("Patient-summarize", "summarize")]
    [InlineData("DiagnosticReport-extract-observations", "extract-observations")]
    public async Task OperationDefinition_WithoutToken_IsServedInXmlToo(string id, string code)
    {
        using var response = await _host.Http.GetAsync($"fhir/OperationDefinition/{id}?_format=xml");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(FhirHttp.Xml);
        (await FhirHttp.ReadAsync<OperationDefinition>(response)).Code.Should().Be(code);
    }
}
