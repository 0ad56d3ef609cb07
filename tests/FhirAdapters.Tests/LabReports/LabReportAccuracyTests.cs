using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using FhirMedGemma.Testing;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

public sealed class LabReportAccuracyTests
{
    [Fact]
    public async Task ModelFreeExtractor_DigitalSyntheticCorpus_ReachesF1AtLeast095()
    {
        var reports = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 4, imageOnlyPerLayout: 0);
        var reader = new PdfLabDocumentReader(Options.Create(new AttachmentOptions()));
        var extractor = new LabReportExtractor(new LabTableParser(), Options.Create(new LabExtractionOptions()));
        var perLayout = new Dictionary<string, LabScore>();
        foreach (var report in reports)
        {
            var document = reader.Read(report.Pdf, report.Name);
            var result = await extractor.ExtractAsync(document, CancellationToken.None);
            var predicted = result.Rows.Select(r => new ScoredRow(r.Row.TestName, r.Row.ValueText, r.Row.UnitText)).ToList();
            var score = LabReportEvaluator.Score(report.Truth, predicted, LabScoreKey.TestName);
            perLayout[report.Truth.Layout] = perLayout.TryGetValue(report.Truth.Layout, out var s) ? s + score : score;
        }

        var overall = perLayout.Values.Aggregate((a, b) => a + b);
        overall.F1.Should().BeGreaterThanOrEqualTo(0.95, "per layout: {0}", string.Join("; ", perLayout.Select(p => $"{p.Key} {p.Value}")));
        perLayout.Should().HaveCount(Enum.GetValues<LabReportLayout>().Length);
        perLayout.Values.Should().OnlyContain(s => s.F1 >= 0.9);
    }
}
