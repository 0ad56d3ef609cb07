using BenchmarkDotNet.Attributes;
using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.LabReportHarness;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;

namespace FhirMedGemma.Benchmarks.LabReports;

/// <summary>
/// The model-free lab-report path over the digital synthetic corpus (two reports per layout, twelve documents), per
/// document. Baseline: PdfPig opening each PDF and extracting its words, the floor any PDF text path pays.
/// Documents/s = 1 / Mean; pages/s = documents/s × pages per document (printed at setup).
/// </summary>
[MemoryDiagnoser]
public class LabReportExtractionBenchmarks
{
    private const int Documents = 12;

    private IReadOnlyList<GeneratedLabReport> reports = [];
    private PdfLabDocumentReader reader = null!;
    private LabReportExtractor extractor = null!;
    private LabReportProcessor processor = null!;
    private ServiceProvider services = null!;

    [GlobalSetup]
    public void Setup()
    {
        reports = LabReportCorpus.Generate(FindSynthea(), reportsPerLayout: 2, imageOnlyPerLayout: 0);
        if (reports.Count != Documents)
        {
            throw new InvalidOperationException($"Expected {Documents} documents, got {reports.Count}.");
        }

        Console.WriteLine($"// lab corpus: {reports.Count} documents, {reports.Sum(r => r.Truth.Pages)} pages, {reports.Sum(r => r.Truth.Rows.Count)} results");
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services = collection.AddLabReportExtraction().BuildServiceProvider();
        reader = services.GetRequiredService<PdfLabDocumentReader>();
        extractor = services.GetRequiredService<LabReportExtractor>();
        processor = services.GetRequiredService<LabReportProcessor>();
        _ = services.GetRequiredService<IOptions<AttachmentOptions>>().Value;
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Documents, Description = "PdfPig words only")]
    public int PdfPigWords()
    {
        var words = 0;
        foreach (var report in reports)
        {
            using var document = PdfDocument.Open(report.Pdf);
            foreach (var page in document.GetPages())
            {
                words += page.GetWords().Count();
            }
        }

        return words;
    }

    [Benchmark(OperationsPerInvoke = Documents, Description = "PDF to rows (model-free)")]
    public async Task<int> PdfToRows()
    {
        var rows = 0;
        foreach (var report in reports)
        {
            var result = await extractor.ExtractAsync(reader.Read(report.Pdf, "bench"), CancellationToken.None);
            rows += result.Rows.Count;
        }

        return rows;
    }

    [Benchmark(OperationsPerInvoke = Documents, Description = "PDF to transaction Bundle")]
    public async Task<int> PdfToBundle()
    {
        var entries = 0;
        foreach (var report in reports)
        {
            var diagnosticReport = new DiagnosticReport
            {
                Id = "bench",
                Subject = new ResourceReference("Patient/bench"),
                PresentedForm = [new Attachment { ContentType = "application/pdf", Data = report.Pdf }],
            };
            var outcome = await processor.ProcessAsync(diagnosticReport, null, CancellationToken.None);
            entries += outcome.Transaction.Entry.Count;
        }

        return entries;
    }

    private static string FindSynthea()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "synthea-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "synthea-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("synthea-fixtures not found above the working directory; run from the repository.");
    }
}
