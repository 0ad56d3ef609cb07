using System.Collections.Concurrent;

namespace FhirMedGemma.LoadTest;

/// <summary>Latencies and outcomes of one phase.</summary>
internal sealed class LatencyStats
{
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    public void Record(double milliseconds, string outcome)
    {
        if (outcome == "ok")
        {
            _latenciesMs.Add(milliseconds);
        }

        _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    public int Ok => _outcomes.GetValueOrDefault("ok");

    public int Count(string outcome) => _outcomes.GetValueOrDefault(outcome);

    public int Errors => _outcomes.Where(o => o.Key is not "ok" and not "429").Sum(o => o.Value);

    public double Percentile(double p)
    {
        var sorted = _latenciesMs.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string OutcomeSummary => string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
}
