using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Active care plans (what they address, their activities) and open goals, newest first.</summary>
internal static class CarePlanSection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var plans = context.All<CarePlan>()
            .Where(p => p.Status is RequestStatus.Active or RequestStatus.OnHold or RequestStatus.Draft)
            .Select(p =>
            {
                context.RequireSubject(p.Subject, p, "subject");
                return (Item: DatedItem<Resource>.Of(context, p, (DataType?)p.Period ?? p.CreatedElement), Text: Describe(context, p));
            });
        var goals = context.All<Goal>()
            .Where(g => g.LifecycleStatus is Goal.GoalLifecycleStatus.Active or Goal.GoalLifecycleStatus.Accepted
                or Goal.GoalLifecycleStatus.Planned or Goal.GoalLifecycleStatus.Proposed or Goal.GoalLifecycleStatus.OnHold)
            .Select(g =>
            {
                context.RequireSubject(g.Subject, g, "subject");
                var status = EnumUtility.GetLiteral(g.LifecycleStatus!.Value);
                return (Item: DatedItem<Resource>.Of(context, g, g.Start ?? g.StatusDateElement), Text: $"Goal: {ClinicalText.Concept(g.Description)} ({status})");
            });

        var facts = plans.Concat(goals)
            .Where(x => x.Item.Instant is null || x.Item.Instant <= context.AsOf)
            .OrderByDescending(x => x.Item.Instant ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.Item.Citation, StringComparer.Ordinal)
            .Select(x => new FactLine(x.Text, [x.Item.Citation]))
            .ToList();
        return new RecordSection("Care plans and goals", SectionPriority.CarePlans, facts);
    }

    private static string Describe(FlatteningContext context, CarePlan plan)
    {
        // US Core puts the fixed "assess-plan" category first; the descriptive category follows it.
        var name = plan.Title
            ?? plan.Category.Where(c => !ClinicalText.HasCode(c, "assess-plan")).Select(ClinicalText.Concept).FirstOrDefault()
            ?? "Care plan";
        var addresses = plan.Addresses
            .Select((a, i) => context.References.Display(a, plan, $"addresses[{i}]"))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var activities = plan.Activity
            .Where(a => a.Detail?.Code is not null)
            .Select(a => ClinicalText.Concept(a.Detail!.Code))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var since = ClinicalDate.Day(plan.Period) is { } day ? $" (since {day})" : string.Empty;
        return name
            + (addresses.Count > 0 ? $" for {string.Join(", ", addresses)}" : string.Empty)
            + since
            + (activities.Count > 0 ? $"; activities: {string.Join(", ", activities)}" : string.Empty);
    }
}
