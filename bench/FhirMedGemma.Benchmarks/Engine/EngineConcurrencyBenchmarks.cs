using BenchmarkDotNet.Attributes;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;

namespace FhirMedGemma.Benchmarks.Engine;

/// <summary>
/// (b) Continuous batching: N concurrent text_short requests of 32 new tokens each. Aggregate tokens/s is
/// N × 32 / time; concurrency 1 is the baseline.
/// </summary>
[Config(typeof(EngineBenchmarkConfig))]
public class EngineConcurrencyBenchmarks
{
    public const int TokensPerRequest = 32;

    private OnnxGenerationEngine _engine = null!;
    private int[] _prompt = [];

    [Params(1, 4, 16)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = OnnxGenerationEngine.Create(new OnnxEngineOptions
        {
            ModelDirectory = TinyModelPaths.ModelDirectory,
            IntraOpNumThreads = EngineVsBareLoopBenchmarks.Threads,
            MaxConcurrentSequences = 16,
        });
        _prompt = TinyModelPaths.PromptIds("text_short");
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _engine.DisposeAsync();

    [Benchmark]
    public async Task<int> Engine_ConcurrentRequests()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => EngineVsBareLoopBenchmarks.Collect(
            _engine.GenerateAsync(new GenerationRequest(_prompt, [], TokensPerRequest, SamplingParameters.Greedy)))));
        return results.Sum(r => r.Length);
    }
}
