using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;

namespace FhirMedGemma.Api.IntegrationTests.Fhir;

/// <summary>When every work slot and the queue are taken, REST answers 429 with Retry-After, never a crash or a hang.</summary>
public sealed class OverloadTests
{
    [Fact]
    public async Task Summarize_WhenSlotsAndQueueAreFull_Answers429WithRetryAfter()
    {
        var model = ScriptedChatClient.GeneratingUntilCancelled();
        await using var host = await ServiceHost.StartAsync(model, settings: new Dictionary<string, string?>
        {
            ["Limits:MaxConcurrentRequests"] = "1",
            ["Limits:MaxQueuedRequests"] = "0",
            ["Limits:RetryAfterSeconds"] = "7",
        });
        using var http = host.AuthorizedHttp();
        using var busy = new CancellationTokenSource();
        var first = http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)), busy.Token);
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var rejected = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Small)));

        rejected.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        (await FhirHttp.ErrorCodeAsync(rejected)).Should().Be("MODEL_BUSY");

        await busy.CancelAsync();
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();
        await SummarizeEndpointsTests.WaitUntil(() => model.SawCancellation);
    }
}
