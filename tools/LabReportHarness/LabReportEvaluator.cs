using System.Globalization;

namespace FhirMedGemma.LabReportHarness;

/// <summary>An extracted result reduced to what is scored: a key (LOINC code or test name), the value and the unit.</summary>
public sealed record ScoredRow(string Key, string Value, string? Unit);

/// <summary>True positives, false positives and false negatives, with precision, recall and F1.</summary>
public sealed record LabScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static LabScore operator +(LabScore a, LabScore b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}

/// <summary>The scores of a corpus, overall and per layout ("-scan" marks image-only reports).</summary>
public sealed record LabEvaluation(LabScore Overall, IReadOnlyDictionary<string, LabScore> PerLayout, int Documents, int Pages, int DocumentsFailed)
{
    /// <summary>Why each failed document failed ("file: error"), so a harness run never hides an extraction error.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}

/// <summary>What the truth is keyed by.</summary>
public enum LabScoreKey
{
    /// <summary>The LOINC code (predictions keyed by the code the Observation mapper assigned).</summary>
    Loinc,

    /// <summary>The printed test name (and the unit as printed), compared without case or spacing.</summary>
    TestName,
}

/// <summary>Scores extracted rows against the truth: a row counts when key, value and unit all match.</summary>
public static class LabReportEvaluator
{
    /// <summary>Scores one document.</summary>
    public static LabScore Score(LabReportTruth truth, IReadOnlyList<ScoredRow> predicted, LabScoreKey key)
    {
        var expected = truth.Rows
            .Select(r => Canonical(key == LabScoreKey.Loinc ? new ScoredRow(r.Loinc, r.Value, r.Unit) : new ScoredRow(r.Name, r.Value, r.UnitAsPrinted)))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var tp = 0;
        var fp = 0;
        foreach (var row in predicted.Select(Canonical))
        {
            if (expected.TryGetValue(row, out var left) && left > 0)
            {
                expected[row] = left - 1;
                tp++;
            }
            else
            {
                fp++;
            }
        }

        return new LabScore(tp, fp, expected.Values.Sum());
    }

    /// <summary>Runs <paramref name="extract"/> over every document of a corpus folder and scores it.</summary>
    /// <param name="directory">A folder written by <see cref="LabReportCorpus.WriteTo"/>.</param>
    /// <param name="extract">Reads a document's rows; an exception counts the document as failed (all its rows missed).</param>
    /// <param name="key">What the predicted keys are.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async Task<LabEvaluation> EvaluateAsync(
        string directory, Func<string, CancellationToken, Task<IReadOnlyList<ScoredRow>>> extract, LabScoreKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extract);
        var perLayout = new SortedDictionary<string, LabScore>(StringComparer.Ordinal);
        var overall = new LabScore(0, 0, 0);
        var documents = 0;
        var pages = 0;
        var failed = 0;
        var failures = new List<string>();
        foreach (var truth in LabReportCorpus.ReadTruth(directory))
        {
            IReadOnlyList<ScoredRow> predicted;
            try
            {
                predicted = await extract(Path.Combine(directory, truth.Document), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                predicted = [];
                failed++;
                failures.Add($"{truth.Document}: {ex.GetType().Name}: {ex.Message}");
            }

            var score = Score(truth, predicted, key);
            var layout = truth.Layout + (truth.ImageOnly ? "-scan" : string.Empty);
            perLayout[layout] = perLayout.TryGetValue(layout, out var s) ? s + score : score;
            overall += score;
            documents++;
            pages += truth.Pages;
        }

        return new LabEvaluation(overall, perLayout, documents, pages, failed) { Failures = failures };
    }

    private static ScoredRow Canonical(ScoredRow row) => new(Squash(row.Key), CanonicalValue(row.Value), Squash(row.Unit ?? string.Empty));

    private static string CanonicalValue(string value)
    {
        var squashed = Squash(value);
        return decimal.TryParse(squashed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
            : squashed;
    }

    private static string Squash(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '\u200b')).ToLowerInvariant();
}
