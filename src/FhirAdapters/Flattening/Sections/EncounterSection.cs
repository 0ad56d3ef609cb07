using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>The most recent encounters with type, class and reason; older ones are counted as omitted.</summary>
internal static class EncounterSection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var encounters = DatedItem<Encounter>.NewestFirst(context.All<Encounter>()
                .Where(e => e.Status is not (Encounter.EncounterStatus.Cancelled or Encounter.EncounterStatus.EnteredInError))
                .Select(e =>
                {
                    context.RequireSubject(e.Subject, e, "subject");
                    return DatedItem<Encounter>.Of(context, e, e.Period);
                })
                .Where(e => e.Instant is null || e.Instant <= context.AsOf))
            .ToList();

        var facts = encounters.Take(context.Options.MaxRecentEncounters)
            .Select(e => new FactLine(Describe(context, e), [e.Citation]))
            .ToList();
        return new RecordSection("Recent encounters", SectionPriority.Encounters, facts, encounters.Count - facts.Count);
    }

    private static string Describe(FlatteningContext context, DatedItem<Encounter> item)
    {
        var encounter = item.Resource;
        var type = encounter.Type.Count > 0 ? ClinicalText.Concept(encounter.Type[0]) : "Encounter";
        var kind = encounter.Class?.Code is { Length: > 0 } code ? $" ({code})" : string.Empty;
        var reasons = encounter.ReasonCode.Select(ClinicalText.Concept)
            .Concat(encounter.ReasonReference.Select((r, i) => context.References.Display(r, encounter, $"reasonReference[{i}]")).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var reason = reasons.Count > 0 ? "; reason: " + string.Join(", ", reasons) : string.Empty;
        return $"{item.Day ?? "undated"} {type}{kind}{reason}";
    }
}
