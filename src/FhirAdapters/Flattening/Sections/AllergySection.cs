using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Current allergies and intolerances with category, criticality and reactions, newest first.</summary>
internal static class AllergySection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var facts = DatedItem<AllergyIntolerance>.NewestFirst(context.All<AllergyIntolerance>()
                .Where(a => !ClinicalText.HasCode(a.VerificationStatus, "entered-in-error") && !ClinicalText.HasCode(a.VerificationStatus, "refuted"))
                .Where(a => !ClinicalText.HasCode(a.ClinicalStatus, "inactive") && !ClinicalText.HasCode(a.ClinicalStatus, "resolved"))
                .Select(a =>
                {
                    context.RequireSubject(a.Patient, a, "patient");
                    return DatedItem<AllergyIntolerance>.Of(context, a, a.Onset ?? a.RecordedDateElement);
                })
                .Where(a => a.Instant is null || a.Instant <= context.AsOf))
            .Select(a => new FactLine(Describe(a), [a.Citation]))
            .ToList();
        if (facts.Count == 0)
        {
            facts.Add(FactLine.Uncited("None recorded"));
        }

        return new RecordSection("Allergies and intolerances", SectionPriority.Allergies, facts);
    }

    private static string Describe(DatedItem<AllergyIntolerance> item)
    {
        var allergy = item.Resource;
        var details = new List<string>();
        var kind = string.Join("/", allergy.Category.Where(c => c is not null).Select(c => EnumUtility.GetLiteral(c!.Value)));
        if (allergy.Type is { } type)
        {
            kind = kind.Length == 0 ? EnumUtility.GetLiteral(type) : $"{kind} {EnumUtility.GetLiteral(type)}";
        }

        if (kind.Length > 0)
        {
            details.Add(kind);
        }

        if (allergy.Criticality is { } criticality)
        {
            details.Add($"criticality {EnumUtility.GetLiteral(criticality)}");
        }

        var reactions = allergy.Reaction
            .Select(r => string.Join(", ", r.Manifestation.Select(ClinicalText.Concept)) + (r.Severity is { } s ? $" ({EnumUtility.GetLiteral(s)})" : string.Empty))
            .Where(r => r.Length > 0)
            .ToList();
        if (reactions.Count > 0)
        {
            details.Add("reaction: " + string.Join("; ", reactions));
        }

        if (item.Day is not null)
        {
            details.Add($"since {item.Day}");
        }

        var name = ClinicalText.Concept(allergy.Code);
        return details.Count == 0 ? name : $"{name} ({string.Join("; ", details)})";
    }
}
