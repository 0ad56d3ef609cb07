using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FhirMedGemma.FhirAdapters.Flattening;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Benchmarks.Flattening;

/// <summary>
/// Flattening every committed Synthea bundle against parsing the same bytes with the Firely SDK alone (the baseline):
/// the Ratio column is what flattening costs on top of parsing (target ≤ 1.5×).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class FlatteningBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly BundleFlattener _flattener = new(Options.Create(new FlatteningOptions()), new CharacterEstimateTokenCounter(), TimeProvider.System);
    private byte[][] _bundles = [];

    [GlobalSetup]
    public void Setup()
    {
        _bundles = SyntheaCorpus.Load();
        ThroughputColumn.Describe(_bundles.Length, _bundles.Sum(b => (long)b.Length));
    }

    [Benchmark(Baseline = true, Description = "Firely parse only")]
    public int ParseOnly()
    {
        var entries = 0;
        foreach (var bytes in _bundles)
        {
            var reader = new System.Text.Json.Utf8JsonReader(bytes);
            FhirJsonDeserializer.RECOVERABLE.TryDeserializeResource(ref reader, out var resource, out _);
            entries += ((Bundle)resource!).Entry.Count;
        }

        return entries;
    }

    [Benchmark(Description = "Flatten (no budget)")]
    public int Flatten()
    {
        var length = 0;
        foreach (var bytes in _bundles)
        {
            length += _flattener.Flatten(FlatteningRequest.FromUtf8(bytes) with { AsOf = AsOf }).Text.Length;
        }

        return length;
    }

    [Benchmark(Description = "Flatten (4000-token budget)")]
    public int FlattenWithBudget()
    {
        var length = 0;
        foreach (var bytes in _bundles)
        {
            length += _flattener.Flatten(FlatteningRequest.FromUtf8(bytes) with { AsOf = AsOf, TokenBudget = 4000 }).Text.Length;
        }

        return length;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(ThroughputColumn.BundlesPerSecond, ThroughputColumn.MegabytesPerSecond, ThroughputColumn.AllocatedPerInputMegabyte);
        }
    }
}
