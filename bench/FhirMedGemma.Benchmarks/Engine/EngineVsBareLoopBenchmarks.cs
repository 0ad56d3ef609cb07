using BenchmarkDotNet.Attributes;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;

namespace FhirMedGemma.Benchmarks.Engine;

/// <summary>
/// (a) Engine overhead: the same greedy generations through <see cref="OnnxGenerationEngine"/> and through the bare
/// ONNX Runtime loop. "decode": text_short (34-token prompt) + 64 new tokens; "prefill": text_long (377 tokens), 1 token.
/// </summary>
[Config(typeof(EngineBenchmarkConfig))]
public class EngineVsBareLoopBenchmarks : IDisposable
{
    public const int DecodeTokens = 64;
    public const int Threads = 2;

    private OnnxGenerationEngine _engine = null!;
    private BareOrtGreedyLoop _bare = null!;
    private int[] _shortPrompt = [];
    private int[] _longPrompt = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = OnnxGenerationEngine.Create(new OnnxEngineOptions
        {
            ModelDirectory = TinyModelPaths.ModelDirectory,
            IntraOpNumThreads = Threads,
            MaxNewTokensLimit = 4096,
        });
        _bare = new BareOrtGreedyLoop(TinyModelPaths.ModelDirectory, Threads);
        _shortPrompt = TinyModelPaths.PromptIds("text_short");
        _longPrompt = TinyModelPaths.PromptIds("text_long");

        // Both sides must compute the same thing, or the ratio means nothing.
        if (!EngineGenerate(_shortPrompt, DecodeTokens).SequenceEqual(_bare.Generate(_shortPrompt, DecodeTokens)))
        {
            throw new InvalidOperationException("The engine and the bare loop disagree on the greedy ids.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _engine.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _bare?.Dispose();
        GC.SuppressFinalize(this);
    }

    [BenchmarkCategory("decode"), Benchmark(Baseline = true)]
    public int[] BareLoop_Decode64() => _bare.Generate(_shortPrompt, DecodeTokens);

    [BenchmarkCategory("decode"), Benchmark]
    public int[] Engine_Decode64() => EngineGenerate(_shortPrompt, DecodeTokens);

    [BenchmarkCategory("prefill"), Benchmark(Baseline = true)]
    public int[] BareLoop_Prefill377() => _bare.Generate(_longPrompt, 1);

    [BenchmarkCategory("prefill"), Benchmark]
    public int[] Engine_Prefill377() => EngineGenerate(_longPrompt, 1);

    private int[] EngineGenerate(int[] prompt, int maxNewTokens) => Collect(_engine.GenerateAsync(
        new GenerationRequest(prompt, [], maxNewTokens, SamplingParameters.Greedy, StopTokenIds: null))).GetAwaiter().GetResult();

    internal static async Task<int[]> Collect(IAsyncEnumerable<int> stream)
    {
        var ids = new List<int>();
        await foreach (var id in stream)
        {
            ids.Add(id);
        }

        return [.. ids];
    }
}
