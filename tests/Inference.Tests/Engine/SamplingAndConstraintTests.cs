using FhirMedGemma.Inference.Engine;

namespace FhirMedGemma.Inference.Tests.Engine;

public sealed class SamplingAndConstraintTests
{
    private static GenerationRequest Sampled(int seed, int topK = 0, float topP = 1f) =>
        new(GenerationReference.Case("text_short").InputIds, [], 16, new SamplingParameters(Temperature: 1.0f, TopK: topK, TopP: topP, Seed: seed));

    [Fact]
    public async Task SamplingWithTheSameSeed_GivesTheSameIds_AndAnotherSeedDiffers()
    {
        await using var engine = EngineFactory.Create();

        var first = await EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(7, topK: 50, topP: 0.9f)));
        var again = await EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(7, topK: 50, topP: 0.9f)));
        var other = await EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(8, topK: 50, topP: 0.9f)));

        first.Should().HaveCount(16);
        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Fact]
    public async Task SeededSamplingInABatch_EqualsTheSameRequestAlone()
    {
        await using var engine = EngineFactory.Create(maxConcurrent: 4);
        var alone = await EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(11, topK: 40)));

        var together = await Task.WhenAll(new[] { 11, 12, 13 }.Select(seed => EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(seed, topK: 40)))));

        together[0].Should().Equal(alone);
    }

    [Fact]
    public async Task SamplingWithTopKOne_EqualsGreedy()
    {
        var reference = GenerationReference.Case("text_short");
        await using var engine = EngineFactory.Create();

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(Sampled(3, topK: 1)));

        ids.Should().Equal(reference.ExpectedNewIds.Take(16));
    }

    [Fact]
    public async Task Constraint_OnlyAllowedIdsAreGenerated_AndCompletionStops()
    {
        var allowed = new[] { 1000, 2000, 3000 };
        var constraint = new AllowListConstraint(allowed, completeAfter: 5);
        await using var engine = EngineFactory.Create();

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(new GenerationRequest(
            GenerationReference.Case("text_short").InputIds, [], 24, SamplingParameters.Greedy, Constraint: constraint)));

        ids.Should().HaveCount(5).And.OnlyContain(id => allowed.Contains(id));
        constraint.Accepted.Should().Equal(ids);
    }

    /// <summary>Allows a fixed set of ids and reports completion after a number of tokens.</summary>
    private sealed class AllowListConstraint(int[] allowed, int completeAfter) : ITokenConstraint
    {
        public List<int> Accepted { get; } = [];

        public bool IsComplete => Accepted.Count >= completeAfter;

        public void MaskLogits(Span<float> logits)
        {
            for (var i = 0; i < logits.Length; i++)
            {
                if (Array.IndexOf(allowed, i) < 0)
                {
                    logits[i] = float.NegativeInfinity;
                }
            }
        }

        public void Accept(int tokenId) => Accepted.Add(tokenId);
    }
}
