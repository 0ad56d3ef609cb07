using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

public sealed class LabReportAccuracyTests
{
    [Fact]
    public async System.Threading.Tasks.Task ModelFreePipeline_DigitalSyntheticCorpus_ReachesF1AtLeast095OnLoincValueUnit()
    {
        var reports = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 4, imageOnlyPerLayout: 0);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        using var provider = services.AddLabReportExtraction().BuildServiceProvider();
        var processor = provider.GetRequiredService<LabReportProcessor>();
        var perLayout = new Dictionary<string, LabScore>();
        foreach (var report in reports)
        {
            var diagnosticReport = new DiagnosticReport
            {
                Id = "eval",
                Subject = new ResourceReference("Patient/eval"),
                PresentedForm = [new Attachment { ContentType = "application/pdf", Data = report.Pdf }],
            };
            var outcome = await processor.ProcessAsync(diagnosticReport, null, CancellationToken.None);
            var score = LabReportEvaluator.Score(report.Truth, outcome.Mapped.Select(LabScoring.FromMapped).ToList(), LabScoreKey.Loinc);
            perLayout[report.Truth.Layout] = perLayout.TryGetValue(report.Truth.Layout, out var s) ? s + score : score;
        }

        var overall = perLayout.Values.Aggregate((a, b) => a + b);
        var detail = string.Join("; ", perLayout.Select(p => $"{p.Key} {p.Value}"));
        overall.F1.Should().BeGreaterThanOrEqualTo(0.95, "per layout: {0}", detail);
        perLayout.Should().HaveCount(Enum.GetValues<LabReportLayout>().Length);
        perLayout.Values.Should().OnlyContain(s => s.F1 >= 0.9, detail);
    }
}
