using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Engine;

internal static class EngineFactory
{
    public static OnnxEngineOptions TinyOptions(int maxConcurrent = 8, int maxQueued = 32, int prefillChunk = 256) => new()
    {
        PrefillChunkTokens = prefillChunk,
        ModelDirectory = RepoFixtures.TinyModelDirectory,
        MaxConcurrentSequences = maxConcurrent,
        MaxQueuedRequests = maxQueued,
        IntraOpNumThreads = 1,
    };

    public static OnnxGenerationEngine Create(int maxConcurrent = 8, int maxQueued = 32) =>
        OnnxGenerationEngine.Create(TinyOptions(maxConcurrent, maxQueued));

    public static GenerationRequest Greedy(ReferenceCase c, int? maxNewTokens = null) =>
        new(c.InputIds, GenerationReference.ImagesOf(c), maxNewTokens ?? GenerationReference.MaxNewTokens, SamplingParameters.Greedy);

    public static async Task<int[]> CollectAsync(IAsyncEnumerable<int> stream, CancellationToken cancellationToken = default)
    {
        var ids = new List<int>();
        await foreach (var id in stream.WithCancellation(cancellationToken))
        {
            ids.Add(id);
        }

        return [.. ids];
    }
}
