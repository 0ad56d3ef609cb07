using Microsoft.ML.OnnxRuntime;

namespace FhirMedGemma.Benchmarks.Engine;

/// <summary>
/// The floor the engine is measured against: the shortest correct greedy loop over the same graphs (embed, then the
/// decoder with its presents fed back as pasts, argmax of the last row). No batching, no scheduler, no validation.
/// </summary>
internal sealed class BareOrtGreedyLoop : IDisposable
{
    private readonly InferenceSession _embed;
    private readonly InferenceSession _decoder;
    private readonly RunOptions _run = new();
    private readonly string[] _pastNames;
    private readonly string[] _outputNames;
    private readonly int _kvHeads;
    private readonly int _headDim;

    public BareOrtGreedyLoop(string modelDirectory, int intraOpThreads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _embed = new InferenceSession(Path.Combine(modelDirectory, "onnx", "embed_tokens.onnx"), options);
        _decoder = new InferenceSession(Path.Combine(modelDirectory, "onnx", "decoder_model_merged.onnx"), options);
        _pastNames = _decoder.InputNames.Where(n => n.StartsWith("past_key_values.", StringComparison.Ordinal)).ToArray();
        _outputNames = ["logits", .. _pastNames.Select(n => n.Replace("past_key_values.", "present.", StringComparison.Ordinal))];
        var kv = _decoder.InputMetadata[_pastNames[0]].Dimensions;
        _kvHeads = kv[1];
        _headDim = kv[3];
    }

    public int[] Generate(int[] prompt, int maxNewTokens)
    {
        var generated = new List<int>(maxNewTokens);
        var ids = prompt.Select(i => (long)i).ToArray();
        var pastLength = 0;
        IDisposableReadOnlyCollection<OrtValue>? previous = null;
        var emptyPast = _pastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance,
            Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, [1, _kvHeads, 0, _headDim])).ToArray();
        try
        {
            while (generated.Count < maxNewTokens)
            {
                var count = ids.Length;
                using var idValue = OrtValue.CreateTensorValueFromMemory(ids, [1, count]);
                using var embedOut = _embed.Run(_run, ["input_ids"], [idValue], ["inputs_embeds"]);
                var mask = Enumerable.Repeat(1L, pastLength + count).ToArray();
                var positions = Enumerable.Range(pastLength, count).Select(p => (long)p).ToArray();
                using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, mask.Length]);
                using var positionValue = OrtValue.CreateTensorValueFromMemory(positions, [1, count]);
                using var typeValue = OrtValue.CreateTensorValueFromMemory(new long[count], [1, count]);
                var inputs = new List<OrtValue> { embedOut[0], maskValue, positionValue, typeValue };
                inputs.AddRange(previous is null ? emptyPast : previous.Skip(1));
                var outputs = _decoder.Run(_run, ["inputs_embeds", "attention_mask", "position_ids", "token_type_ids", .. _pastNames], inputs, _outputNames);
                var logits = outputs[0].GetTensorDataAsSpan<float>();
                var vocab = (int)outputs[0].GetTensorTypeAndShape().Shape[^1];
                var next = ArgMax(logits[^vocab..]);
                previous?.Dispose();
                previous = outputs;
                generated.Add(next);
                pastLength += count;
                ids = [next];
            }
        }
        finally
        {
            previous?.Dispose();
            foreach (var past in emptyPast)
            {
                past.Dispose();
            }
        }

        return [.. generated];
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    public void Dispose()
    {
        _embed.Dispose();
        _decoder.Dispose();
        _run.Dispose();
    }
}
