using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx.Sampling;

namespace FhirMedGemma.Inference.Tests.Engine;

public sealed class TokenSamplerTests
{
    [Fact]
    public void Greedy_PicksTheLowestIndexAmongEqualMaxima()
    {
        TokenSampler.ArgMax([0.5f, 2f, 2f, -1f]).Should().Be(1);
    }

    [Fact]
    public void TopP_WhenOneTokenHoldsMoreThanP_AlwaysPicksIt()
    {
        var logits = new float[100];
        logits[42] = 20f;
        var sampler = new TokenSampler(new SamplingParameters(Temperature: 1f, TopP: 0.9f, Seed: 1));

        Enumerable.Range(0, 50).Select(_ => sampler.Next(logits)).Should().OnlyContain(id => id == 42);
    }

    [Fact]
    public void TopK_OnlyTheKMostLikelyTokensAreEverPicked()
    {
        var logits = Enumerable.Range(0, 100).Select(i => (float)(i % 10) / 10f).ToArray();
        logits[7] = 5f;
        logits[13] = 4.9f;
        logits[71] = 4.8f;
        var sampler = new TokenSampler(new SamplingParameters(Temperature: 2f, TopK: 3, Seed: 5));

        var picks = Enumerable.Range(0, 300).Select(_ => sampler.Next(logits)).ToHashSet();

        picks.Should().BeEquivalentTo([7, 13, 71]);
    }

    [Fact]
    public void Sampling_NeverPicksATokenMaskedToNegativeInfinity()
    {
        var logits = Enumerable.Repeat(float.NegativeInfinity, 50).ToArray();
        logits[3] = 0f;
        logits[30] = 0f;
        var sampler = new TokenSampler(new SamplingParameters(Temperature: 1f, Seed: 9));

        Enumerable.Range(0, 100).Select(_ => sampler.Next(logits)).Should().OnlyContain(id => id == 3 || id == 30);
    }
}
