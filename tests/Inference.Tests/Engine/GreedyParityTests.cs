using FhirMedGemma.Inference.Engine.Onnx;
using FhirMedGemma.Inference.Engine.Onnx.Model;
using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>Token-exact parity with Hugging Face transformers on the tiny MedGemma fixture.</summary>
public sealed class GreedyParityTests
{
    [Theory]
    [InlineData("text_short")]
    [InlineData("text_system")]
    [InlineData("text_long")]
    [InlineData("image_lab_report")]
    public async Task GreedyDecode_ReferenceCase_EqualsHuggingFaceIds(string caseName)
    {
        var reference = GenerationReference.Case(caseName);
        await using var engine = EngineFactory.Create();

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference)));

        ids.Should().Equal(reference.ExpectedNewIds);
    }

    [Theory]
    [InlineData("text_long", 16)]
    [InlineData("text_long", 100)]
    [InlineData("image_lab_report", 16)]
    [InlineData("image_lab_report", 64)]
    public async Task GreedyDecode_PrefillInChunks_EqualsHuggingFaceIds(string caseName, int chunk)
    {
        // Small chunks split text_long many times and force the 256 image tokens (longer than a chunk) into one run.
        var reference = GenerationReference.Case(caseName);
        await using var engine = OnnxGenerationEngine.Create(EngineFactory.TinyOptions(prefillChunk: chunk));

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference)));

        ids.Should().Equal(reference.ExpectedNewIds);
    }

    [Fact]
    public async Task Generate_PromptWhoseAllPositionLogitsExceed2GiB_Succeeds()
    {
        // 2,400 positions × 262,208 logits × 4 B ≈ 2.5 GB in one run: beyond a span; chunked prefill never builds it.
        var prompt = Enumerable.Range(0, 2400).Select(i => 1000 + (i % 5000)).ToArray();
        await using var engine = EngineFactory.Create();

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(
            new Inference.Engine.GenerationRequest(prompt, [], 3, Inference.Engine.SamplingParameters.Greedy)));

        ids.Should().HaveCount(3);
    }

    [Fact]
    public async Task GreedyDecode_LeftPaddedBatchRunTogether_EachRowEqualsReference()
    {
        var rows = GenerationReference.LeftPaddedBatch();
        await using var engine = EngineFactory.Create(maxConcurrent: 2);

        var outputs = await Task.WhenAll(rows.Select(row => EngineFactory.CollectAsync(engine.GenerateAsync(
            new Inference.Engine.GenerationRequest(row.PromptIds, [], GenerationReference.MaxNewTokens, Inference.Engine.SamplingParameters.Greedy)))));

        rows.Select(r => r.PromptIds.Length).Distinct().Should().HaveCount(2, "the rows have different lengths, so one is left-padded in the batch");
        outputs[0].Should().Equal(rows[0].ExpectedNewIds);
        outputs[1].Should().Equal(rows[1].ExpectedNewIds);
    }

    [Fact]
    public void Prefill_TextShort_LastLogitsMatchReferenceWithin1e4Relative()
    {
        var reference = GenerationReference.Case("text_short");
        var expected = GenerationReference.TextShortPrefillLogits();
        using var runner = new ModelRunner(ModelDirectory.Open(RepoFixtures.TinyModelDirectory), EngineFactory.TinyOptions());
        var logits = new float[runner.VocabularySize];

        using (runner.Prefill(reference.InputIds, [], logits))
        {
        }

        logits.Should().HaveCount(expected.Length);
        var maxDiff = logits.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        var scale = expected.Max(Math.Abs);
        (maxDiff / scale).Should().BeLessThanOrEqualTo(1e-4f);
    }
}
