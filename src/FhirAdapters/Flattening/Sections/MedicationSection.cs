using System.Globalization;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Active medications (requests and statements) with dose, frequency and the date first prescribed.</summary>
internal static class MedicationSection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var requests = context.All<MedicationRequest>()
            .Where(m => m.Status is MedicationRequest.MedicationrequestStatus.Active or MedicationRequest.MedicationrequestStatus.OnHold)
            .Select(m =>
            {
                context.RequireSubject(m.Subject, m, "subject");
                context.References.Resolve(m.Encounter, m, "encounter");
                return (Name: Name(context, m.Medication, m, "medication"), Dose: Dose(m.DosageInstruction.FirstOrDefault()),
                    Item: DatedItem<Resource>.Of(context, m, m.AuthoredOnElement));
            });
        var statements = context.All<MedicationStatement>()
            .Where(m => m.Status is MedicationStatement.MedicationStatusCodes.Active or MedicationStatement.MedicationStatusCodes.Intended)
            .Select(m =>
            {
                context.RequireSubject(m.Subject, m, "subject");
                return (Name: Name(context, m.Medication, m, "medication"), Dose: Dose(m.Dosage.FirstOrDefault()),
                    Item: DatedItem<Resource>.Of(context, m, m.Effective ?? m.DateAssertedElement));
            });

        var facts = requests.Concat(statements)
            .Where(m => m.Item.Instant is null || m.Item.Instant <= context.AsOf)
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = DatedItem<Resource>.NewestFirst(g.Select(m => m.Item)).ToList();
                var latest = g.First(m => ReferenceEquals(m.Item, ordered[0]));
                var since = ordered.LastOrDefault(i => i.Day is not null)?.Day;
                var text = g.Key + (latest.Dose.Length > 0 ? $": {latest.Dose}" : string.Empty) + (since is null ? string.Empty : $" (since {since})");
                return (Latest: ordered[0], Line: new FactLine(text, ordered.Select(i => i.Citation).ToList()));
            })
            .OrderByDescending(x => x.Latest.Instant ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.Line.Text, StringComparer.Ordinal)
            .Select(x => x.Line)
            .ToList();
        if (facts.Count == 0)
        {
            facts.Add(FactLine.Uncited("None recorded"));
        }

        return new RecordSection("Active medications", SectionPriority.Medications, facts);
    }

    private static string Name(FlatteningContext context, DataType? medication, Resource container, string path) => medication switch
    {
        CodeableConcept concept => ClinicalText.Concept(concept),
        ResourceReference reference => context.References.Display(reference, container, path) ?? "unnamed medication",
        _ => "unnamed medication",
    };

    private static string Dose(Dosage? dosage)
    {
        if (dosage is null)
        {
            return string.Empty;
        }

        if (!string.IsNullOrWhiteSpace(dosage.Text))
        {
            return ClinicalText.Clean(dosage.Text);
        }

        var parts = new List<string>();
        switch (dosage.DoseAndRate.FirstOrDefault()?.Dose)
        {
            case Quantity q:
                parts.Add(q.Value is { } amount ? $"{ClinicalNumber.Plain(amount)} {ClinicalText.Unit(q)}".TrimEnd() : ClinicalText.Quantity(q));
                break;
            case Hl7.Fhir.Model.Range r:
                parts.Add($"{ClinicalText.Quantity(r.Low)} to {ClinicalText.Quantity(r.High)}");
                break;
        }

        if (dosage.Timing?.Repeat is { } repeat && repeat.Frequency is { } frequency && repeat.Period is { } period)
        {
            var unit = repeat.PeriodUnit is { } u ? EnumUtility.GetLiteral(u) : string.Empty;
            var every = period == 1m ? unit : $"{ClinicalNumber.Plain(period)} {unit}";
            parts.Add($"{frequency.ToString(CultureInfo.InvariantCulture)}×/{every}");
        }

        if (dosage.AsNeeded is FhirBoolean { Value: true } or CodeableConcept)
        {
            parts.Add("as needed");
        }

        return string.Join(", ", parts);
    }
}
