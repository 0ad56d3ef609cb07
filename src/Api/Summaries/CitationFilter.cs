using System.Text;
using System.Text.RegularExpressions;

namespace FhirMedGemma.Api.Summaries;

/// <summary>
/// Checks the citations in a summary against the flattener's citation map: keys that exist are kept, keys that do not
/// (a model inventing sources) are removed from the text and counted. Accepts <c>[12]</c> and <c>[12, 14]</c>.
/// </summary>
internal static partial class CitationFilter
{
    public static CitationCheck Check(string text, IReadOnlyDictionary<string, IReadOnlyList<string>> citationMap)
    {
        var kept = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var removed = 0;
        var cleaned = CitationGroup().Replace(text, match =>
        {
            var keys = match.Groups["keys"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var valid = new List<string>(keys.Length);
            foreach (var key in keys)
            {
                if (citationMap.TryGetValue(key, out var references))
                {
                    valid.Add(key);
                    kept[key] = references;
                }
                else
                {
                    removed++;
                }
            }

            return valid.Count == 0 ? string.Empty : $"[{string.Join(", ", valid)}]";
        });
        return new CitationCheck(TidySpaces(cleaned), kept, removed);
    }

    /// <summary>
    /// The keys of <paramref name="text"/> that exist in the map, text unchanged: for the model-free summary, which is the
    /// flattener's own text (its heading even shows a literal "[key]").
    /// </summary>
    public static CitationCheck Collect(string text, IReadOnlyDictionary<string, IReadOnlyList<string>> citationMap)
    {
        var kept = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (Match match in CitationGroup().Matches(text))
        {
            foreach (var key in match.Groups["keys"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (citationMap.TryGetValue(key, out var references))
                {
                    kept[key] = references;
                }
            }
        }

        return new CitationCheck(text, kept, 0);
    }

    /// <summary>Removing a citation can leave "word ." or double spaces behind; tidy them without touching line breaks.</summary>
    private static string TidySpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(SpaceBeforePunctuation().Replace(DoubleSpace().Replace(line, " "), "$1").TrimEnd());
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\[(?<keys>[A-Za-z0-9]{1,12}(?:\s*,\s*[A-Za-z0-9]{1,12})*)\]")]
    private static partial Regex CitationGroup();

    [GeneratedRegex(" {2,}")]
    private static partial Regex DoubleSpace();

    [GeneratedRegex(@" +([.,;:])")]
    private static partial Regex SpaceBeforePunctuation();
}

/// <summary>The outcome of a citation check.</summary>
internal sealed record CitationCheck(string Text, IReadOnlyDictionary<string, IReadOnlyList<string>> Kept, int Removed);
