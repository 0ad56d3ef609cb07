using System.Globalization;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>
/// Laboratory results, vital signs and the remaining observations (questionnaire scores, social history): the latest
/// value per code with date, reference range and interpretation, plus a compact trend when the code repeats.
/// </summary>
/// <remarks>
/// Observations are sorted by their own category, not by the report that holds them: Synthea files questionnaire
/// scores (PHQ-9, GAD-7) in DiagnosticReports of category LAB, and they are not lab results.
/// </remarks>
internal static class ObservationSections
{
    public static (RecordSection Labs, RecordSection Vitals, RecordSection Other) Build(FlatteningContext context)
    {
        var observations = context.All<Observation>()
            .Where(o => o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled))
            .Select(o =>
            {
                context.RequireSubject(o.Subject, o, "subject");
                context.References.Resolve(o.Encounter, o, "encounter");
                return (Value: ObservationValue.Of(o), Item: DatedItem<Observation>.Of(context, o, o.Effective ?? o.IssuedElement));
            })
            .Where(o => o.Value is not null && (o.Item.Instant is null || o.Item.Instant <= context.AsOf))
            .ToList();

        var labReportResults = LabReportResults(context);
        var labs = observations.Where(o => HasCategory(o.Item.Resource, "laboratory")
            || (o.Item.Resource.Category.Count == 0 && labReportResults.Contains(o.Item.Resource))).ToList();
        var vitals = observations.Where(o => HasCategory(o.Item.Resource, "vital-signs")).ToList();
        var other = observations.Except(labs).Except(vitals);

        return (
            new RecordSection("Laboratory results", SectionPriority.Labs, Group(context, labs)),
            new RecordSection("Vital signs", SectionPriority.Vitals, Group(context, vitals)),
            new RecordSection("Questionnaire scores and other observations", SectionPriority.Assessments, Group(context, other)));
    }

    /// <summary>Results of LAB reports: they place uncategorised observations (common outside Synthea) among the labs.</summary>
    private static HashSet<Resource> LabReportResults(FlatteningContext context) =>
        context.All<DiagnosticReport>()
            .Where(r => r.Category.Any(c => ClinicalText.HasCode(c, "LAB")))
            .SelectMany(r => r.Result.Select((reference, i) => context.References.Resolve(reference, r, $"result[{i}]")))
            .OfType<Resource>()
            .ToHashSet<Resource>(ReferenceEqualityComparer.Instance);

    private static bool HasCategory(Observation observation, string code) =>
        observation.Category.Any(c => ClinicalText.HasCode(c, code));

    private static List<FactLine> Group(FlatteningContext context, IEnumerable<(ObservationValue? Value, DatedItem<Observation> Item)> observations) =>
        observations
            .GroupBy(o => ClinicalText.ConceptKey(o.Item.Resource.Code), StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(o => o.Item.Instant ?? DateTimeOffset.MinValue).ThenBy(o => o.Item.Citation, StringComparer.Ordinal).ToList())
            .OrderByDescending(g => g[0].Item.Instant ?? DateTimeOffset.MinValue)
            .ThenBy(g => ClinicalText.Concept(g[0].Item.Resource.Code), StringComparer.Ordinal)
            .Select(g => Line(context, g.Select(o => (o.Value!, o.Item)).ToList()))
            .ToList();

    private static FactLine Line(FlatteningContext context, List<(ObservationValue Value, DatedItem<Observation> Item)> newestFirst)
    {
        var (value, latest) = newestFirst[0];
        var qualifiers = new[] { latest.Day, ObservationQualifiers.Range(latest.Resource), ObservationQualifiers.Interpretation(latest.Resource) }
            .OfType<string>()
            .ToList();
        var text = $"{ClinicalText.Concept(latest.Resource.Code)}: {value.Text}";
        if (qualifiers.Count > 0)
        {
            text += $" ({string.Join("; ", qualifiers)})";
        }

        var trend = newestFirst.Take(context.Options.TrendLength).Reverse().ToList();
        if (trend.Count < 2 || trend.Any(t => t.Value.Number is null))
        {
            return new FactLine(text, [latest.Citation]);
        }

        var sameUnit = trend.All(t => string.Equals(t.Value.Unit, value.Unit, StringComparison.Ordinal));
        var values = string.Join(" → ", trend.Select(t => sameUnit ? t.Value.Number : t.Value.Text));
        if (sameUnit && value.Unit.Length > 0)
        {
            values += " " + value.Unit;
        }

        var first = trend[0].Item.Day is { } d0 ? ClinicalDate.Year(d0) : null;
        var last = latest.Day is { } d1 ? ClinicalDate.Year(d1) : null;
        var span = first is null || last is null ? string.Empty : first == last ? first : $"{first}–{last}";
        var count = newestFirst.Count > trend.Count ? $"{newestFirst.Count.ToString(CultureInfo.InvariantCulture)} results" : string.Empty;
        var detail = string.Join(", ", new[] { span, count }.Where(s => s.Length > 0));
        text += $"; trend {values}{(detail.Length > 0 ? $" ({detail})" : string.Empty)}";
        return new FactLine(text, trend.Select(t => t.Item.Citation).Reverse().ToList());
    }
}
