using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using FhirMedGemma.Grpc.V1;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;

namespace FhirMedGemma.Api.IntegrationTests.Grpc;

/// <summary>The gRPC ClinicalSummary service through a real Grpc.Net.Client channel over cleartext HTTP/2.</summary>
public sealed class ClinicalSummaryServiceTests
{
    [Fact]
    public async Task Summarize_BundleJsonWithoutModel_ReturnsLabelledSummaryAndDocumentReference()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var response = await client.SummarizeAsync(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer());

        response.Summary.Should().StartWith("NON-AI STRUCTURED SUMMARY");
        response.ModelInfo.ModelFree.Should().BeTrue();
        response.Citations.Should().NotBeEmpty().And.OnlyContain(c => c.References.Count > 0);
        response.DocumentReferenceJson.Should().Contain("\"docStatus\":\"preliminary\"");
        response.ProvenanceJson.Should().Contain("\"resourceType\":\"Provenance\"");
    }

    [Fact]
    public async Task StreamSummarize_WithModel_StreamsChunksThenOneFinalMessage()
    {
        var model = ScriptedChatClient.Replying("Active hypertension [1]. ", "Unknown source [424242].");
        await using var host = await ServiceHost.StartAsync(model);
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        using var call = client.StreamSummarize(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small), MaxOutputTokens = 64 },
            ServiceHost.Bearer());
        var messages = new List<SummarizeStreamResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        messages.Select(m => m.EventCase).Should().Equal(
            SummarizeStreamResponse.EventOneofCase.TextChunk, SummarizeStreamResponse.EventOneofCase.TextChunk, SummarizeStreamResponse.EventOneofCase.Final);
        messages[0].TextChunk.Should().Be("Active hypertension [1]. ");
        var final = messages[^1].Final;
        final.Summary.Should().Be("Active hypertension [1]. Unknown source.");
        final.RemovedCitations.Should().Be(1);
        final.Citations.Select(c => c.Key).Should().Equal("1");
        final.ModelInfo.ModelId.Should().Be("scripted-medgemma");
        final.Usage.OutputTokens.Should().Be(2);
        model.Options.Single()!.MaxOutputTokens.Should().Be(64);
    }

    [Fact]
    public async Task Summarize_PatientIdFetchedFromUpstream_Works()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync(SyntheaFixtures.Paged);
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var response = await client.SummarizeAsync(new SummarizeRequest { PatientId = SyntheaFixtures.PatientId(SyntheaFixtures.Paged) }, ServiceHost.Bearer());

        response.Summary.Should().NotBeEmpty();
        upstream.RequestLog.Count(r => r.Contains("$everything", StringComparison.Ordinal)).Should().BeGreaterThan(1);
    }

    [Theory]
    [InlineData("{ not json", "NOT_FHIR")]
    [InlineData("{\"resourceType\": \"Observation\", \"status\": \"final\"}", "WRONG_RESOURCE_TYPE")]
    public async Task Summarize_BadBundleJson_InvalidArgumentWithBadRequestAndErrorInfo(string bundleJson, string reason)
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(new SummarizeRequest { BundleJson = bundleJson }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        var status = ex.Which.GetRpcStatus()!;
        status.GetDetail<ErrorInfo>().Reason.Should().Be(reason);
        status.GetDetail<BadRequest>().FieldViolations.Single().Field.Should().StartWith("bundle_json");
    }

    [Fact]
    public async Task Summarize_NoSource_InvalidArgumentNamingTheField()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(new SummarizeRequest(), ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        ex.Which.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field.Should().Be("source");
    }

    [Fact]
    public async Task Summarize_WithoutToken_UnauthenticatedWithErrorInfo()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(new SummarizeRequest { BundleJson = "{}" }))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        ex.Which.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason.Should().Be("UNAUTHENTICATED");
    }

    [Fact]
    public async Task Summarize_WithoutPatientReadScope_PermissionDenied()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(new SummarizeRequest { BundleJson = "{}" },
                ServiceHost.Bearer("system/DiagnosticReport.read")))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
        ex.Which.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason.Should().Be("INSUFFICIENT_SCOPE");
    }

    [Fact]
    public async Task Summarize_DeadlinePassesDuringGeneration_DeadlineExceededAndGenerationStops()
    {
        var model = ScriptedChatClient.GeneratingUntilCancelled();
        await using var host = await ServiceHost.StartAsync(model);
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(
                new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer(),
                deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddMilliseconds(1500)))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        await Fhir.SummarizeEndpointsTests.WaitUntil(() => model.SawCancellation);
    }

    [Fact]
    public async Task Summarize_ExpiredDeadline_DeadlineExceededWithoutWork()
    {
        var model = ScriptedChatClient.Replying("never");
        await using var host = await ServiceHost.StartAsync(model);
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(
                new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer(),
                deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        model.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Summarize_WhenOverloaded_ResourceExhaustedWithRetryInfo()
    {
        var model = ScriptedChatClient.GeneratingUntilCancelled();
        await using var host = await ServiceHost.StartAsync(model, settings: new Dictionary<string, string?>
        {
            ["Limits:MaxConcurrentRequests"] = "1",
            ["Limits:MaxQueuedRequests"] = "0",
        });
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);
        using var busy = new CancellationTokenSource();
        using var first = client.SummarizeAsync(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer(),
            cancellationToken: busy.Token);
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var ex = await FluentActions.Awaiting(async () => await client.SummarizeAsync(
                new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        ex.Which.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.Seconds.Should().BeGreaterThan(0);
        await busy.CancelAsync();
        await SummarizeEndpointsWait(model);
    }

    private static Task SummarizeEndpointsWait(ScriptedChatClient model) => Fhir.SummarizeEndpointsTests.WaitUntil(() => model.SawCancellation);
}
