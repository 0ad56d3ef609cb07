using BenchmarkDotNet.Attributes;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference.Constraints;

namespace FhirMedGemma.Benchmarks.Constraints;

/// <summary>
/// Cost of one constrained decoding step over the real Gemma 3 vocabulary (262,145 ids, 262,208 logits) for the lab-row
/// schema, at three typical points of the output. Baseline: testing every token on its own (what the trie replaces);
/// also shown: an unconstrained argmax over the same logits, i.e. what picking a token costs without any constraint.
/// </summary>
[MemoryDiagnoser]
public class ConstraintMaskBenchmarks
{
    private const int LogitsWidth = 262208;

    private readonly float[] _pristine = new float[LogitsWidth];
    private readonly float[] _work = new float[LogitsWidth];
    private JsonSchemaTokenConstraint _constraint = null!;
    private TokenVocabulary _vocabulary = null!;

    /// <summary>The output so far: inside a free string value, after a property value, inside a property name.</summary>
    [Params("in-string-value", "after-value", "in-property-name")]
    public string Point { get; set; } = "in-string-value";

    [GlobalSetup]
    public void Setup()
    {
        _vocabulary = TokenVocabulary.Load(RepoPaths.GemmaTokenizerJson);
        _constraint = new JsonSchemaConstraintFactory(_vocabulary, new JsonConstraintOptions()).Create(LabRowSchema.Element);
        var prefix = Point switch
        {
            "in-string-value" => "[{\"test\":\"Hemoglo",
            "after-value" => "[{\"test\":\"Hemoglobin\",\"value\":\"13.5\"",
            _ => "[{\"test\":\"Hemoglobin\",\"value\":\"13.5\",\"re",
        };
        foreach (var id in SingleByteTokens(prefix))
        {
            _constraint.Accept(id);
        }

        var random = new Random(42);
        for (var i = 0; i < _pristine.Length; i++)
        {
            _pristine[i] = (float)(random.NextDouble() * 20 - 10);
        }
    }

    [Benchmark(Baseline = true, Description = "naive per-token scan")]
    public int NaivePerTokenScan()
    {
        _pristine.CopyTo(_work, 0);
        for (var id = 0; id < _work.Length; id++)
        {
            var allowed = id < _vocabulary.Count &&
                (_constraint.IsAllowed(id) || (_constraint.CanEnd && _vocabulary.EndOfSequenceIds.Contains(id)));
            if (!allowed)
            {
                _work[id] = float.NegativeInfinity;
            }
        }

        return ArgMax(_work);
    }

    [Benchmark(Description = "trie mask + argmax")]
    public int TrieMask()
    {
        _pristine.CopyTo(_work, 0);
        _constraint.MaskLogits(_work);
        return ArgMax(_work);
    }

    [Benchmark(Description = "unconstrained argmax")]
    public int UnconstrainedArgMax()
    {
        _pristine.CopyTo(_work, 0);
        return ArgMax(_work);
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

    /// <summary>The prefix spelled one byte per token (byte-fallback or single-character pieces).</summary>
    private List<int> SingleByteTokens(string text)
    {
        var byByte = new Dictionary<byte, int>();
        for (var id = 0; id < _vocabulary.Count; id++)
        {
            var bytes = _vocabulary.GetBytes(id);
            if (bytes.Length == 1)
            {
                byByte.TryAdd(bytes[0], id);
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(text).Select(b => byByte[b]).ToList();
    }
}
