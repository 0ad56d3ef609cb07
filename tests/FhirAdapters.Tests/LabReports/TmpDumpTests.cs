using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using FhirMedGemma.Testing;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

public sealed class TmpDumpTests
{
    [Fact]
    public void Dump()
    {
        var reports = LabReportCorpus.Generate(RepoFixtures.SyntheaDirectory, reportsPerLayout: 1, imageOnlyPerLayout: 0);
        var reader = new PdfLabDocumentReader(Options.Create(new AttachmentOptions()));
        var sb = new System.Text.StringBuilder();
        foreach (var report in reports)
        {
            var document = reader.Read(report.Pdf, report.Name);
            sb.AppendLine("=== " + report.Name);
            foreach (var p in document.Pages) { foreach (var l in p.Lines) { sb.AppendLine(l.Replace("  ", " | ")); } }
            foreach (var r in new LabTableParser().Parse(document)) { sb.AppendLine("ROW " + r.TestName + " # " + r.ValueText + " # " + r.UnitText + " # " + r.ReferenceRangeText + " # " + r.FlagText); }
            foreach (var t in report.Truth.Rows) { sb.AppendLine("TRUTH " + t); }
        }
        File.WriteAllText("/tmp/labdump.txt", sb.ToString());
    }
}
