namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>Concurrent requests share the decoder yet each gets exactly its unbatched (reference) output.</summary>
public sealed class ContinuousBatchingTests
{
    [Fact]
    public async Task EightRequestsArrivingAtRandomTimes_EachGetsItsUnbatchedGreedyIds()
    {
        var cases = GenerationReference.Cases;
        var random = new Random(1234);
        var plan = Enumerable.Range(0, 8)
            .Select(i => (Case: cases[i % cases.Count], DelayMs: random.Next(0, 120), MaxNew: random.Next(6, GenerationReference.MaxNewTokens + 1)))
            .ToList();
        await using var engine = EngineFactory.Create(maxConcurrent: 4, maxQueued: 8);

        var results = await Task.WhenAll(plan.Select(async p =>
        {
            await Task.Delay(p.DelayMs);
            return await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(p.Case, p.MaxNew)));
        }));

        for (var i = 0; i < plan.Count; i++)
        {
            results[i].Should().Equal(plan[i].Case.ExpectedNewIds.Take(plan[i].MaxNew), $"request {i} ({plan[i].Case.Name})");
        }
    }
}
