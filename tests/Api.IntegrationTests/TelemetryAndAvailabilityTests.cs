using System.Diagnostics.Metrics;
using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using FhirMedGemma.Grpc.V1;
using FhirMedGemma.Inference;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StatusCode = Grpc.Core.StatusCode;

namespace FhirMedGemma.Api.IntegrationTests;

/// <summary>Metrics a request leaves behind, and the answer when the model is not available.</summary>
public sealed class TelemetryAndAvailabilityTests
{
    [Fact]
    public async Task Summarize_WithModel_RecordsRequestCountTimeToFirstTokenAndTokensPerSecond()
    {
        await using var host = await ServiceHost.StartAsync(ScriptedChatClient.Replying("Stable [1]. ", "More [1]."));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, "FhirMedGemma.Api", "fhirmedgemma.requests");
        using var ttft = new MetricCollector<double>(meters, "FhirMedGemma.Api", "fhirmedgemma.generation.time_to_first_token");
        using var tokensPerSecond = new MetricCollector<double>(meters, "FhirMedGemma.Api", "fhirmedgemma.generation.tokens_per_second");
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        await client.SummarizeAsync(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer());

        var request = requests.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        request.Tags["operation"].Should().Be("summarize");
        request.Tags["surface"].Should().Be("grpc");
        request.Tags["outcome"].Should().Be("ok");
        ttft.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeGreaterThan(0);
        tokensPerSecond.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Summarize_ModelUnavailable_Rest503AndGrpcUnavailableWithRetryHints()
    {
        var down = new ScriptedChatClient((_, _) => throw new ModelUnavailableException("The model is still loading.", TimeSpan.FromSeconds(9)));
        await using var host = await ServiceHost.StartAsync(down);
        using var http = host.AuthorizedHttp();

        using var rest = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));
        var grpc = await FluentActions.Awaiting(async () => await new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel)
                .SummarizeAsync(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        rest.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        rest.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(9));
        (await FhirHttp.ErrorCodeAsync(rest)).Should().Be("MODEL_UNAVAILABLE");
        grpc.Which.StatusCode.Should().Be(StatusCode.Unavailable);
        var status = grpc.Which.GetRpcStatus()!;
        status.GetDetail<ErrorInfo>().Reason.Should().Be("MODEL_UNAVAILABLE");
        status.GetDetail<RetryInfo>().RetryDelay.Seconds.Should().Be(9);
    }
}
