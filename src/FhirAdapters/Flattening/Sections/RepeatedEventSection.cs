using System.Globalization;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>
/// Procedures and immunizations: one line per code with the latest date and how often it happened, newest first
/// (Synthea repeats the same procedure at every visit).
/// </summary>
internal static class RepeatedEventSection
{
    public static RecordSection Procedures(FlatteningContext context)
    {
        var items = context.All<Procedure>()
            .Where(p => p.Status is EventStatus.Completed or EventStatus.InProgress or null)
            .Select(p =>
            {
                context.RequireSubject(p.Subject, p, "subject");
                context.References.Resolve(p.Encounter, p, "encounter");
                return (Key: ClinicalText.ConceptKey(p.Code), Name: ClinicalText.Concept(p.Code), Item: DatedItem<Procedure>.Of(context, p, p.Performed));
            });
        return new RecordSection("Procedures", SectionPriority.Procedures, Group(context, items));
    }

    public static RecordSection Immunizations(FlatteningContext context)
    {
        var items = context.All<Immunization>()
            .Where(i => i.Status is Immunization.ImmunizationStatusCodes.Completed or null)
            .Select(i =>
            {
                context.RequireSubject(i.Patient, i, "patient");
                context.References.Resolve(i.Encounter, i, "encounter");
                return (Key: ClinicalText.ConceptKey(i.VaccineCode), Name: ClinicalText.Concept(i.VaccineCode), Item: DatedItem<Immunization>.Of(context, i, i.Occurrence));
            });
        return new RecordSection("Immunizations", SectionPriority.Immunizations, Group(context, items));
    }

    private static List<FactLine> Group<T>(FlatteningContext context, IEnumerable<(string Key, string Name, DatedItem<T> Item)> items)
        where T : Resource =>
        items
            .Where(i => i.Item.Instant is null || i.Item.Instant <= context.AsOf)
            .GroupBy(i => i.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = DatedItem<T>.NewestFirst(g.Select(i => i.Item)).ToList();
                var latest = ordered[0];
                var times = ordered.Count > 1 ? ", ×" + ordered.Count.ToString(CultureInfo.InvariantCulture) : string.Empty;
                var when = latest.Day is null ? string.Empty : $" (last {latest.Day}{times})";
                var text = g.First().Name + (when.Length == 0 && times.Length > 0 ? $" ({times[2..]})" : when);
                return (Latest: latest, Line: new FactLine(text, ordered.Select(o => o.Citation).ToList()));
            })
            .OrderByDescending(x => x.Latest.Instant ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.Line.Text, StringComparer.Ordinal)
            .Select(x => x.Line)
            .ToList();
}
