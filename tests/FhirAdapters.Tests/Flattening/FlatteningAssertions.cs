using System.Text.RegularExpressions;
using FhirMedGemma.FhirAdapters.Flattening;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

/// <summary>Reads the structure of flattened text back: sections, fact lines, citation keys.</summary>
internal static partial class FlatteningAssertions
{
    public static IReadOnlyList<string> Headings(this FlattenedRecord record) =>
        record.Text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();

    /// <summary>The lines of one section (bullets and note text), without the heading.</summary>
    public static IReadOnlyList<string> Section(this FlattenedRecord record, string title) =>
        record.Text.Split('\n')
            .SkipWhile(l => l != "## " + title)
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.Length > 0)
            .ToList();

    /// <summary>Bullet lines that state a fact (not omissions, not "None recorded").</summary>
    public static IReadOnlyList<string> FactLines(this FlattenedRecord record) =>
        record.Text.Split('\n')
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.EndsWith("older items omitted)", StringComparison.Ordinal) && l != "- None recorded")
            .ToList();

    public static string WithoutKeys(string line) => KeyPattern().Replace(line, string.Empty);

    [GeneratedRegex(@" \[\d+\]")]
    private static partial Regex KeyPattern();
}
