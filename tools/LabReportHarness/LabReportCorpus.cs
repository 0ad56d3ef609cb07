using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirMedGemma.LabReportHarness;

/// <summary>The ground truth of one generated report, written next to it as <c>&lt;name&gt;.truth.json</c>.</summary>
public sealed record LabReportTruth(string Document, string Layout, bool ImageOnly, int Pages, IReadOnlyList<TruthRow> Rows);

/// <summary>A generated report: the PDF and its truth.</summary>
public sealed record GeneratedLabReport(string Name, byte[] Pdf, LabReportTruth Truth);

/// <summary>
/// Generates the synthetic lab-report corpus from the Synthea fixtures: every layout in
/// <see cref="LabReportLayout"/>, digital, plus image-only versions of the one-table and two-column reports.
/// </summary>
public static class LabReportCorpus
{
    public const string TruthSuffix = ".truth.json";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Generates the reports in memory.</summary>
    /// <param name="syntheaDirectory">The Synthea fixtures folder.</param>
    /// <param name="reportsPerLayout">Digital reports per layout.</param>
    /// <param name="imageOnlyPerLayout">Image-only reports for the one-table and two-column layouts (0 for none).</param>
    public static IReadOnlyList<GeneratedLabReport> Generate(string syntheaDirectory, int reportsPerLayout = 4, int imageOnlyPerLayout = 1)
    {
        var panels = SyntheaLabResults.Load(syntheaDirectory).Where(p => p.Results.Count >= 3).ToList();
        if (panels.Count == 0)
        {
            throw new InvalidOperationException($"No lab results found in {syntheaDirectory}.");
        }

        var reports = new List<GeneratedLabReport>();
        foreach (var layout in Enum.GetValues<LabReportLayout>())
        {
            for (var k = 0; k < reportsPerLayout; k++)
            {
                var selection = Select(panels, layout, k);
                var (pages, truth) = LabReportComposer.Compose(selection, layout);
                var name = $"{Kebab(layout)}-{k + 1:D2}";
                reports.Add(new GeneratedLabReport(name + ".pdf", PdfReportRenderer.RenderDigital(pages),
                    new LabReportTruth(name + ".pdf", Kebab(layout), false, pages.Count, truth)));
                if (k < imageOnlyPerLayout && layout is LabReportLayout.SingleTable or LabReportLayout.TwoColumn)
                {
                    reports.Add(new GeneratedLabReport(name + "-scan.pdf", PdfReportRenderer.RenderImageOnly(pages),
                        new LabReportTruth(name + "-scan.pdf", Kebab(layout), true, pages.Count, truth)));
                }
            }
        }

        return reports;
    }

    /// <summary>Generates the corpus and writes each PDF with its truth file into <paramref name="outputDirectory"/>.</summary>
    public static IReadOnlyList<GeneratedLabReport> WriteTo(string outputDirectory, string syntheaDirectory, int reportsPerLayout = 4, int imageOnlyPerLayout = 1)
    {
        Directory.CreateDirectory(outputDirectory);
        var reports = Generate(syntheaDirectory, reportsPerLayout, imageOnlyPerLayout);
        foreach (var report in reports)
        {
            File.WriteAllBytes(Path.Combine(outputDirectory, report.Name), report.Pdf);
            File.WriteAllText(Path.Combine(outputDirectory, report.Name + TruthSuffix), JsonSerializer.Serialize(report.Truth, JsonOptions));
        }

        return reports;
    }

    /// <summary>Reads every truth file of a corpus folder.</summary>
    public static IReadOnlyList<LabReportTruth> ReadTruth(string directory) =>
        Directory.GetFiles(directory, "*" + TruthSuffix).Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<LabReportTruth>(File.ReadAllText(f), JsonOptions)
                ?? throw new InvalidDataException($"Truth file {Path.GetFileName(f)} is empty."))
            .ToList();

    private static List<SyntheaLabPanel> Select(List<SyntheaLabPanel> panels, LabReportLayout layout, int k)
    {
        if (layout == LabReportLayout.TwoColumn)
        {
            var large = panels.Where(p => p.Results.Count >= 8).ToList();
            return [large[(k * 3) % large.Count]];
        }

        if (layout != LabReportLayout.MultiPage)
        {
            return [panels[((int)layout * 7 + k * 5) % panels.Count]];
        }

        // Several days of one patient, enough rows for two or more pages.
        var byPatient = panels.GroupBy(p => p.Mrn).Where(g => g.Sum(p => p.Results.Count) >= 60).ToList();
        var patient = byPatient.Count > 0 ? byPatient[k % byPatient.Count].ToList() : panels;
        var start = (k * 5) % Math.Max(1, patient.Count - 7);
        return patient.Skip(start).Take(8).ToList();
    }

    public static string Kebab(LabReportLayout layout) => layout switch
    {
        LabReportLayout.SingleTable => "single-table",
        LabReportLayout.TwoColumn => "two-column",
        LabReportLayout.MultiPage => "multi-page",
        LabReportLayout.UnitsInName => "units-in-name",
        LabReportLayout.LongNames => "long-names",
        LabReportLayout.FlagInResult => "flag-in-result",
        _ => layout.ToString(),
    };
}
