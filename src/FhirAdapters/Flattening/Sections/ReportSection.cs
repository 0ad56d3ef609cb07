using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>Diagnostic report conclusions (text and coded), newest first; the results themselves are in the observation sections.</summary>
internal static class ReportSection
{
    public static RecordSection Build(FlatteningContext context)
    {
        var reports = context.All<DiagnosticReport>()
            .Where(r => r.Status is not (DiagnosticReport.DiagnosticReportStatus.EnteredInError or DiagnosticReport.DiagnosticReportStatus.Cancelled))
            .Select(r =>
            {
                context.RequireSubject(r.Subject, r, "subject");
                context.References.Resolve(r.Encounter, r, "encounter");
                for (var i = 0; i < r.Result.Count; i++)
                {
                    context.References.Resolve(r.Result[i], r, $"result[{i}]");
                }

                return DatedItem<DiagnosticReport>.Of(context, r, r.Effective ?? r.IssuedElement);
            })
            .Where(r => (r.Instant is null || r.Instant <= context.AsOf)
                && (!string.IsNullOrWhiteSpace(r.Resource.Conclusion) || r.Resource.ConclusionCode.Count > 0))
            .ToList();

        var facts = DatedItem<DiagnosticReport>.NewestFirst(reports)
            .Select(r =>
            {
                var conclusion = string.Join("; ", new[] { r.Resource.Conclusion is { } c ? ClinicalText.Clean(c) : null }
                    .Concat(r.Resource.ConclusionCode.Select(ClinicalText.Concept))
                    .Where(s => !string.IsNullOrEmpty(s)));
                return new FactLine($"{r.Day ?? "undated"} {ClinicalText.Concept(r.Resource.Code)}: {conclusion}", [r.Citation]);
            })
            .ToList();
        return new RecordSection("Diagnostic report conclusions", SectionPriority.Reports, facts);
    }
}
