using System.Globalization;
using System.Text;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// Fits sections into a token budget and renders them with citation keys. Sections are filled in priority order, each
/// keeping its most relevant facts (a prefix) and announcing the rest as "(N older items omitted)"; a fact is kept or
/// left out whole, never cut. Keys are numbered in reading order, so the same input always gives the same text.
/// </summary>
internal sealed class PromptComposer(ITokenCounter counter)
{
    public ComposedPrompt Compose(string heading, IReadOnlyList<RecordSection> sections, int? budget)
    {
        var kept = sections.Select(s => s.Facts.Count).ToArray();
        var shown = sections.Select(_ => true).ToArray();
        if (budget is { } limit)
        {
            Fit(heading, sections, limit, kept, shown);
        }

        while (true)
        {
            var prompt = Render(heading, sections, kept, shown);
            var tokens = counter.CountTokens(prompt.Text);
            // Per-line counts are an estimate of the whole (tokenizers merge across line breaks); trim until the real count fits.
            if (budget is null || tokens <= budget || !TrimOne(sections, kept, shown))
            {
                return prompt with { TokenCount = tokens };
            }
        }
    }

    private void Fit(string heading, IReadOnlyList<RecordSection> sections, int budget, int[] kept, bool[] shown)
    {
        var keyWidth = sections.Sum(s => s.Facts.Count).ToString(CultureInfo.InvariantCulture).Length;
        var keyPlaceholder = " [" + new string('9', keyWidth) + "]";
        var used = Cost(heading);
        foreach (var index in Enumerable.Range(0, sections.Count).OrderBy(i => sections[i].Priority).ThenBy(i => i))
        {
            var section = sections[index];
            var total = section.Facts.Count + section.OmittedByLimit;
            var omission = Cost(OmissionLine(total));
            var spent = Cost(SectionHeading(section));
            var count = 0;
            while (count < section.Facts.Count)
            {
                var fact = section.Facts[count];
                var cost = Cost("- " + fact.Text + (fact.Sources.Count > 0 ? keyPlaceholder : string.Empty));
                var left = total - count - 1;
                if (used + spent + cost + (left > 0 ? omission : 0) > budget)
                {
                    break;
                }

                spent += cost;
                count++;
            }

            if (count < total)
            {
                spent += omission;
            }

            kept[index] = count;
            shown[index] = used + spent <= budget;
            used += shown[index] ? spent : 0;
        }
    }

    /// <summary>Drops the last kept fact of the lowest-priority section that still has one (or the section itself).</summary>
    private static bool TrimOne(IReadOnlyList<RecordSection> sections, int[] kept, bool[] shown)
    {
        foreach (var index in Enumerable.Range(0, sections.Count).OrderByDescending(i => sections[i].Priority).ThenByDescending(i => i))
        {
            if (shown[index] && kept[index] > 0)
            {
                kept[index]--;
                return true;
            }

            if (shown[index])
            {
                shown[index] = false;
                return true;
            }
        }

        return false;
    }

    private static ComposedPrompt Render(string heading, IReadOnlyList<RecordSection> sections, int[] kept, bool[] shown)
    {
        var text = new StringBuilder(heading);
        var citations = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var omitted = 0;
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            omitted += section.Facts.Count - (shown[i] ? kept[i] : 0);
            if (!shown[i])
            {
                continue;
            }

            text.Append("\n\n").Append(SectionHeading(section));
            foreach (var fact in section.Facts.Take(kept[i]))
            {
                text.Append("\n- ").Append(WithKey(fact, citations));
            }

            var left = section.Facts.Count - kept[i] + section.OmittedByLimit;
            if (left > 0)
            {
                text.Append('\n').Append(OmissionLine(left));
            }
        }

        return new ComposedPrompt(text.Append('\n').ToString(), citations, omitted, 0);
    }

    private static string WithKey(FactLine fact, Dictionary<string, IReadOnlyList<string>> citations)
    {
        if (fact.Sources.Count == 0)
        {
            return fact.Text;
        }

        var key = (citations.Count + 1).ToString(CultureInfo.InvariantCulture);
        citations[key] = fact.Sources;
        var lineEnd = fact.Text.IndexOf('\n', StringComparison.Ordinal);
        return lineEnd < 0 ? $"{fact.Text} [{key}]" : $"{fact.Text[..lineEnd]} [{key}]{fact.Text[lineEnd..]}";
    }

    private static string SectionHeading(RecordSection section) => "## " + section.Title;

    private static string OmissionLine(int count) => $"- ({count.ToString(CultureInfo.InvariantCulture)} older items omitted)";

    // Each rendered line is followed by a line break; count it with the line.
    private int Cost(string line) => counter.CountTokens(line + "\n");
}
