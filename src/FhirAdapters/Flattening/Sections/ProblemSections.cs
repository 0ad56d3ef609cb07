using System.Globalization;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Active problems with onset, and resolved problems in brief, one line per condition code.</summary>
internal static class ProblemSections
{
    private static readonly HashSet<string> ActiveStatuses = new(StringComparer.Ordinal) { "active", "recurrence", "relapse" };

    public static (RecordSection Active, RecordSection Resolved) Build(FlatteningContext context)
    {
        var conditions = context.All<Condition>()
            .Where(c => !ClinicalText.HasCode(c.VerificationStatus, "entered-in-error") && !ClinicalText.HasCode(c.VerificationStatus, "refuted"))
            .Select(c =>
            {
                context.RequireSubject(c.Subject, c, "subject");
                context.References.Resolve(c.Encounter, c, "encounter");
                return DatedItem<Condition>.Of(context, c, c.Onset ?? c.RecordedDateElement);
            })
            .Where(c => c.Instant is null || c.Instant <= context.AsOf)
            .ToList();

        var active = conditions.Where(c => IsActive(c.Resource, context.AsOf)).ToList();
        var activeKeys = active.Select(c => ClinicalText.ConceptKey(c.Resource.Code)).ToHashSet(StringComparer.Ordinal);
        var activeFacts = GroupByCode(active).Select(g =>
        {
            var earliest = g.LastOrDefault(i => i.Day is not null)?.Day;
            var text = ClinicalText.Concept(g[0].Resource.Code) + (earliest is null ? string.Empty : $" (since {earliest})");
            return new FactLine(text, g.Select(i => i.Citation).ToList());
        }).ToList();
        if (activeFacts.Count == 0)
        {
            activeFacts.Add(FactLine.Uncited("None recorded"));
        }

        var resolvedGroups = GroupByCode(conditions.Where(c => !IsActive(c.Resource, context.AsOf)))
            .Where(g => !activeKeys.Contains(ClinicalText.ConceptKey(g[0].Resource.Code)))
            .ToList();
        var resolvedFacts = resolvedGroups.Take(context.Options.MaxResolvedProblems).Select(ResolvedLine).ToList();

        return (
            new RecordSection("Active problems", SectionPriority.ActiveProblems, activeFacts),
            new RecordSection("Resolved problems", SectionPriority.ResolvedProblems, resolvedFacts, resolvedGroups.Count - resolvedFacts.Count));
    }

    private static FactLine ResolvedLine(List<DatedItem<Condition>> group)
    {
        var latest = group[0];
        var abated = ClinicalDate.Day(latest.Resource.Abatement);
        var span = latest.Day is null ? string.Empty : abated is null || abated == latest.Day ? latest.Day : $"{latest.Day} to {abated}";
        var episodes = group.Count > 1 ? $"{(span.Length > 0 ? ", " : string.Empty)}{group.Count.ToString(CultureInfo.InvariantCulture)} episodes" : string.Empty;
        var detail = span + episodes;
        var text = ClinicalText.Concept(latest.Resource.Code) + (detail.Length == 0 ? string.Empty : $" ({detail})");
        return new FactLine(text, group.Select(i => i.Citation).ToList());
    }

    /// <summary>Groups conditions by code; each group newest first, groups ordered by their newest onset.</summary>
    private static IEnumerable<List<DatedItem<Condition>>> GroupByCode(IEnumerable<DatedItem<Condition>> items) =>
        items.GroupBy(i => ClinicalText.ConceptKey(i.Resource.Code), StringComparer.Ordinal)
            .Select(g => DatedItem<Condition>.NewestFirst(g).ToList())
            .OrderByDescending(g => g[0].Instant ?? DateTimeOffset.MinValue)
            .ThenBy(g => ClinicalText.Concept(g[0].Resource.Code), StringComparer.Ordinal);

    private static bool IsActive(Condition condition, DateTimeOffset asOf)
    {
        var status = condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        if (status is not null)
        {
            // A condition resolved after the as-of date was still active then.
            return ActiveStatuses.Contains(status)
                || (ClinicalDate.Instant(condition.Abatement) is { } abated && abated > asOf);
        }

        return condition.Abatement is null || (ClinicalDate.Instant(condition.Abatement) is { } end && end > asOf);
    }
}
