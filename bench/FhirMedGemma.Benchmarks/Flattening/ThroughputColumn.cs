using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FhirMedGemma.Benchmarks.Flattening;

/// <summary>Bundles/s, MB/s and allocated bytes per input MB, derived from the mean time and allocations of one pass over the corpus.</summary>
internal sealed class ThroughputColumn(string name, Func<double, long, string> format) : IColumn
{
    // The corpus is fixed per run; the setup records it here (the column runs in the host process, so it re-reads the files).
    private static int s_bundles;
    private static long s_bytes;

    public static readonly ThroughputColumn BundlesPerSecond = new("Bundles/s", (meanNs, _) => (s_bundles / (meanNs / 1e9)).ToString("F1", CultureInfo.InvariantCulture));
    public static readonly ThroughputColumn MegabytesPerSecond = new("MB/s", (meanNs, _) => (s_bytes / 1e6 / (meanNs / 1e9)).ToString("F1", CultureInfo.InvariantCulture));
    public static readonly ThroughputColumn AllocatedPerInputMegabyte = new("Alloc/input MB", (_, allocated) => (allocated / (s_bytes / 1e6) / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB");

    public string Id => "Throughput." + ColumnName;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => ColumnName switch
    {
        "Bundles/s" => "Synthea bundles processed per second",
        "MB/s" => "Input megabytes (10^6 bytes of JSON) processed per second",
        _ => "Managed bytes allocated per megabyte of input JSON",
    };

    public static void Describe(int bundles, long bytes)
    {
        s_bundles = bundles;
        s_bytes = bytes;
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (s_bundles == 0)
        {
            var corpus = SyntheaCorpus.Load();
            Describe(corpus.Length, corpus.Sum(b => (long)b.Length));
        }

        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? 0;
        return format(stats.Mean, allocated);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
