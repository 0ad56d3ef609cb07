namespace FhirMedGemma.Inference.Engine.Onnx.Sampling;

/// <summary>
/// Picks the next token from one row of logits: argmax for greedy, else temperature, top-k and top-p sampling with a
/// per-sequence random generator (seeded: the same seed and logits give the same tokens).
/// </summary>
internal sealed class TokenSampler
{
    private readonly SamplingParameters _parameters;
    private readonly Random? _random;
    private int[] _indices = [];
    private float[] _scores = [];

    public TokenSampler(SamplingParameters parameters)
    {
        _parameters = parameters;
        if (!parameters.IsGreedy)
        {
            _random = parameters.Seed is { } seed ? new Random(seed) : new Random();
        }
    }

    public int Next(ReadOnlySpan<float> logits) => _random is null ? ArgMax(logits) : Sample(logits, _random);

    /// <summary>Index of the largest logit; the lowest index wins ties (as torch.argmax).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        var bestValue = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > bestValue)
            {
                bestValue = logits[i];
                best = i;
            }
        }

        return best;
    }

    private int Sample(ReadOnlySpan<float> logits, Random random)
    {
        var vocab = logits.Length;
        if (_indices.Length != vocab)
        {
            _indices = new int[vocab];
            _scores = new float[vocab];
        }

        // Keep finite candidates only (a constraint sets the rest to -inf), sorted by logit, highest first.
        var count = 0;
        for (var i = 0; i < vocab; i++)
        {
            if (!float.IsNegativeInfinity(logits[i]))
            {
                _indices[count] = i;
                _scores[count] = -logits[i];
                count++;
            }
        }

        if (count == 0)
        {
            return ArgMax(logits);
        }

        var keys = _scores.AsSpan(0, count);
        var items = _indices.AsSpan(0, count);
        if (_parameters.TopK > 0 && _parameters.TopK < count)
        {
            count = _parameters.TopK;
        }

        // Ties keep index order so the same logits always give the same ordering.
        keys.Sort(items, Comparer<float>.Default);
        StableTies(keys, items);

        var max = -keys[0];
        double total = 0;
        var probabilities = new double[count];
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = Math.Exp((-keys[i] - max) / _parameters.Temperature);
            total += probabilities[i];
        }

        var kept = count;
        if (_parameters.TopP < 1f)
        {
            double cumulative = 0;
            for (var i = 0; i < count; i++)
            {
                cumulative += probabilities[i] / total;
                if (cumulative >= _parameters.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
        }

        double keptTotal = 0;
        for (var i = 0; i < kept; i++)
        {
            keptTotal += probabilities[i];
        }

        var draw = random.NextDouble() * keptTotal;
        for (var i = 0; i < kept; i++)
        {
            draw -= probabilities[i];
            if (draw <= 0)
            {
                return items[i];
            }
        }

        return items[kept - 1];
    }

    /// <summary>Span.Sort is unstable; order runs of equal scores by token id so sampling is reproducible.</summary>
    private static void StableTies(Span<float> keys, Span<int> items)
    {
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    items[start..i].Sort();
                }

                start = i;
            }
        }
    }
}
