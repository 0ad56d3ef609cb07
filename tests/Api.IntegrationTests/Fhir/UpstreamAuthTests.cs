using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;

namespace FhirMedGemma.Api.IntegrationTests.Fhir;

/// <summary>The service authenticates to the upstream FHIR server with a static bearer token or client credentials.</summary>
public sealed class UpstreamAuthTests
{
    [Fact]
    public async Task SummarizeById_UpstreamBearerMode_SendsTheConfiguredToken()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Small);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["Upstream:Auth:Mode"] = "Bearer",
            ["Upstream:Auth:Token"] = "static-upstream-token",
        });
        using var http = host.AuthorizedHttp();

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Small)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        upstream.AuthorizationHeaders.Should().NotBeEmpty().And.OnlyContain(h => h == "Bearer static-upstream-token");
    }

    [Fact]
    public async Task SummarizeById_ClientCredentialsMode_FetchesOneTokenAndUsesIt()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Paged);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["Upstream:Auth:Mode"] = "ClientCredentials",
            ["Upstream:Auth:TokenUrl"] = upstream.TokenUrl.ToString(),
            ["Upstream:Auth:ClientId"] = "fhirmedgemma",
            ["Upstream:Auth:ClientSecret"] = "secret",
            ["Upstream:Auth:Scope"] = "system/Patient.read",
        });
        using var http = host.AuthorizedHttp();

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Paged)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        upstream.TokenRequests.Should().Equal("client_credentials fhirmedgemma system/Patient.read");
        upstream.AuthorizationHeaders.Should().HaveCountGreaterThan(1).And.OnlyContain(h => h == "Bearer loopback-access-token");
    }

    [Theory]
    [InlineData("Upstream:MaxPages", "1")]
    [InlineData("Upstream:MaxResponseBytes", "2048")]
    public async Task SummarizeById_RecordOverUpstreamLimit_Answers413(string limit, string value)
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Paged);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl, settings: new Dictionary<string, string?> { [limit] = value });
        using var http = host.AuthorizedHttp();

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Paged)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await FhirHttp.ErrorCodeAsync(response)).Should().Be("UPSTREAM_RESPONSE_TOO_LARGE");
    }

    [Fact]
    public async Task SummarizeById_UpstreamKeepsFailing_Answers503WithRetryAfter()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Small);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        using var http = host.AuthorizedHttp();
        upstream.FailNext(100, HttpStatusCode.BadGateway);

        using var response = await http.GetAsync($"fhir/Patient/{SyntheaFixtures.PatientId(SyntheaFixtures.Small)}/$summarize");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        upstream.RequestLog.Count.Should().BeGreaterThan(1, "transient upstream failures are retried before giving up");
    }
}
