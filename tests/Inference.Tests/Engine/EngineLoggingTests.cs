using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>The engine logs ids, counts and timings; never prompt or output tokens.</summary>
public sealed class EngineLoggingTests
{
    private static (ILoggerFactory Factory, FakeLogCollector Collector) CreateLogging()
    {
        var provider = new FakeLoggerProvider();
        var factory = LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        return (factory, provider.Collector);
    }

    [Fact]
    public async Task Generate_LogsLoadPrefillAndFinish_WithCountsOnly()
    {
        var (factory, collector) = CreateLogging();
        using var _ = factory;
        var reference = GenerationReference.Case("text_short");
        await using (var engine = OnnxGenerationEngine.Create(EngineFactory.TinyOptions(), factory))
        {
            await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference, 5)));
        }

        var records = collector.GetSnapshot();
        records.Select(r => r.Id.Id).Should().Contain([1, 2, 3]);
        records.Should().NotContain(r => r.Level >= LogLevel.Warning);
        records.Single(r => r.Id.Id == 3).Message.Should().Contain("(length) after 5 tokens");
        var tokenTexts = reference.InputIds.Concat(reference.ExpectedNewIds).Where(id => id > 1000).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        records.Should().NotContain(r => tokenTexts.Any(t => r.Message.Contains(t, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CancelDuringPrefill_EndsWithoutTokens_AndTheEngineServesTheNextRequest()
    {
        var (factory, collector) = CreateLogging();
        using var _ = factory;
        var longCase = GenerationReference.Case("text_long");
        var shortCase = GenerationReference.Case("text_short");
        await using var engine = OnnxGenerationEngine.Create(EngineFactory.TinyOptions(maxConcurrent: 1, maxQueued: 0), factory);
        using var cts = new CancellationTokenSource();
        await using var stream = engine.GenerateAsync(new GenerationRequest(longCase.InputIds, [], 24, SamplingParameters.Greedy), cts.Token)
            .GetAsyncEnumerator(cts.Token);

        var first = stream.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await first.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        var next = await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(shortCase)));
        next.Should().Equal(shortCase.ExpectedNewIds);
        collector.GetSnapshot().Where(r => r.Id.Id == 3).Select(r => r.Message)
            .Should().Contain(m => m.Contains("(cancelled) after 0 tokens", StringComparison.Ordinal));
    }
}
