using System.Text;
using System.Text.RegularExpressions;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Turns printed test names into lookup keys: lower case, punctuation to spaces (keeping %, # and +), zero-width
/// characters dropped. Also derives the variants a lab may print: "ALT (SGPT)" → "alt", "sgpt"; "Glucose, Serum" →
/// "glucose" with the specimen hint "serum"; "Urine Protein" → "protein" with "urine".
/// </summary>
internal static partial class LabNameNormalizer
{
    private static readonly Dictionary<string, string> SpecimenWords = new(StringComparer.Ordinal)
    {
        ["serum"] = "serum",
        ["plasma"] = "plasma",
        ["blood"] = "blood",
        ["whole blood"] = "blood",
        ["urine"] = "urine",
        ["ur"] = "urine",
        ["urinalysis"] = "urine",
        ["bld"] = "blood",
        ["ser"] = "serum",
        ["ser plas"] = "serum",
        ["plas"] = "plasma",
        ["stool"] = "stool",
        ["fecal"] = "stool",
        ["serum or plasma"] = "serum",
        ["serum plasma"] = "serum",
    };

    private static readonly HashSet<string> NoiseWords = new(StringComparer.Ordinal)
    {
        "level", "lvl", "result", "test", "screen", "auto", "automated", "in", "of",
    };

    /// <summary>The lookup key of a name; empty when nothing is left.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            if (raw is '\u200b' or '\u200c' or '\u200d' or '\ufeff' or '\u00ad')
            {
                continue;
            }

            var c = char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || c is '%' or '#' or '+')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>The normalised specimen category ("serum", "plasma", "blood", "urine", "stool"), or null.</summary>
    public static string? NormalizeSpecimen(string? specimen)
    {
        var key = Normalize(specimen);
        return key.Length == 0 ? null : SpecimenWords.GetValueOrDefault(key) ?? key;
    }

    /// <summary>
    /// Lookup keys to try in order, each with the specimen hint it implies (or null): the whole name; without
    /// [bracketed] parts (LOINC short names: "WBC Auto (Bld) [#/Vol]"); outside (parentheses); each side of " - ";
    /// specimen and noise words trimmed from the ends; and last the text inside the parentheses ("ALT (SGPT)" → "sgpt").
    /// </summary>
    public static IEnumerable<(string Key, string? Specimen)> Variants(string printedName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var insides = new List<string>();
        foreach (var form in new[] { printedName, BracketPattern().Replace(printedName, " ") })
        {
            var open = form.IndexOf('(', StringComparison.Ordinal);
            var close = form.LastIndexOf(')');
            string? impliedSpecimen = null;
            var outside = form;
            if (open >= 0 && close > open)
            {
                var inside = Normalize(form[(open + 1)..close]);
                impliedSpecimen = SpecimenWords.GetValueOrDefault(inside);
                outside = string.Concat(form.AsSpan(0, open), " ", form.AsSpan(close + 1));
                if (impliedSpecimen is null && inside.Length > 0)
                {
                    insides.Add(inside);
                }
            }

            var parts = outside.Split(" - ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var candidate in new[] { form, outside }.Concat(parts.Length > 1 ? parts : []))
            {
                var key = Normalize(candidate);
                var specimen = ReferenceEquals(candidate, form) ? null : impliedSpecimen;
                if (key.Length > 0 && seen.Add(key))
                {
                    yield return (key, specimen);
                }

                var stripped = StripSpecimenAndNoise(key, out var strippedSpecimen);
                if (stripped.Length > 0 && seen.Add(stripped))
                {
                    yield return (stripped, strippedSpecimen ?? specimen);
                }
            }
        }

        foreach (var inside in insides.Where(seen.Add))
        {
            yield return (inside, null);
        }
    }

    private static string StripSpecimenAndNoise(string key, out string? specimen)
    {
        specimen = null;
        var words = key.Split(' ').ToList();
        var changed = true;
        while (changed && words.Count > 1)
        {
            changed = false;
            foreach (var atStart in new[] { true, false })
            {
                var word = atStart ? words[0] : words[^1];
                var two = words.Count > 2 ? (atStart ? $"{words[0]} {words[1]}" : $"{words[^2]} {words[^1]}") : null;
                if (two is not null && SpecimenWords.TryGetValue(two, out var s2))
                {
                    specimen ??= s2;
                    words.RemoveRange(atStart ? 0 : words.Count - 2, 2);
                    changed = true;
                }
                else if (words.Count > 1 && (SpecimenWords.TryGetValue(word, out var s1) || NoiseWords.Contains(word)))
                {
                    if (s1 is not null)
                    {
                        specimen ??= s1;
                    }

                    words.RemoveAt(atStart ? 0 : words.Count - 1);
                    changed = true;
                }

                if (words.Count <= 1)
                {
                    break;
                }
            }
        }

        return string.Join(' ', words);
    }

    [GeneratedRegex(@"\[[^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketPattern();
}
