using FhirMedGemma.Inference.Constraints;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>
/// A stand-in "model" that emits seeded random logits, decoded under a constraint the way the engine does it
/// (mask, pick, accept), checking the end-of-sequence rule at every step.
/// </summary>
internal static class RandomModelDecoder
{
    /// <summary>Gemma 3's logits width (config.json vocab_size), wider than the tokenizer's 262145 ids.</summary>
    public const int LogitsWidth = 262208;

    public static byte[] Decode(JsonSchemaTokenConstraint constraint, int seed, bool sample, int maxSteps = 5000)
    {
        var vocabulary = GemmaVocabulary.Vocabulary;
        var random = new Random(seed);
        var logits = new float[LogitsWidth];
        var output = new List<byte>();
        for (var step = 0; step < maxSteps; step++)
        {
            for (var i = 0; i < logits.Length; i++)
            {
                logits[i] = (float)(random.NextDouble() * 10 - 5);
            }

            var canEnd = constraint.CanEnd;
            var complete = constraint.IsComplete;
            constraint.MaskLogits(logits);
            foreach (var eos in vocabulary.EndOfSequenceIds)
            {
                float.IsNegativeInfinity(logits[eos]).Should().Be(!canEnd, "EOS is allowed exactly when the JSON may end (step {0})", step);
            }

            if (complete)
            {
                logits.Count(float.IsFinite).Should().Be(vocabulary.EndOfSequenceIds.Count, "only EOS may follow a complete document");
            }

            var token = sample ? Sample(logits, random) : ArgMax(logits);
            float.IsFinite(logits[token]).Should().BeTrue("a masked step always leaves at least one token (step {0})", step);
            constraint.Accept(token);
            if (vocabulary.EndOfSequenceIds.Contains(token))
            {
                return [.. output];
            }

            output.AddRange(vocabulary.GetBytes(token).ToArray());
        }

        throw new InvalidOperationException($"The random model did not finish within {maxSteps} steps (seed {seed}).");
    }

    private static int ArgMax(float[] logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Softmax sampling at temperature 1 over the tokens left after masking.</summary>
    private static int Sample(float[] logits, Random random)
    {
        var max = logits.Max();
        var total = 0.0;
        foreach (var logit in logits)
        {
            total += Math.Exp(logit - max);
        }

        var target = random.NextDouble() * total;
        var last = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            if (float.IsNegativeInfinity(logits[i]))
            {
                continue;
            }

            last = i;
            target -= Math.Exp(logits[i] - max);
            if (target <= 0)
            {
                return i;
            }
        }

        return last;
    }
}
