using System.CommandLine;
using FhirMedGemma.LabReportHarness;

namespace FhirMedGemma.Cli.Commands;

/// <summary><c>fhirmedgemma generate-lab-reports &lt;outdir&gt;</c>: writes the synthetic lab-report corpus and its ground truth.</summary>
internal static class GenerateLabReportsCommand
{
    internal static Command Create()
    {
        var output = new Argument<DirectoryInfo>("outdir") { Description = "Where to write the PDFs and their .truth.json files." };
        var synthea = new Option<DirectoryInfo>("--synthea")
        {
            Description = "The Synthea R4 bundles to take lab results from.",
            DefaultValueFactory = _ => new DirectoryInfo("synthea-fixtures"),
        };
        var perLayout = new Option<int>("--per-layout") { Description = "Digital reports per layout.", DefaultValueFactory = _ => 4 };
        var scans = new Option<int>("--scans") { Description = "Image-only (scanned) reports per table layout.", DefaultValueFactory = _ => 1 };
        var command = new Command("generate-lab-reports", "Render synthetic lab-report PDFs from Synthea lab results, with ground truth.")
        {
            output, synthea, perLayout, scans,
        };
        command.SetAction((parse, _) => CliRunner.RunAsync(parse, async (stdout, _) =>
        {
            var source = parse.GetValue(synthea)!;
            if (!source.Exists)
            {
                throw new ArgumentException($"The Synthea folder '{source.FullName}' does not exist (use --synthea).");
            }

            var count = parse.GetValue(perLayout);
            var scanCount = parse.GetValue(scans);
            if (count is < 1 or > 100 || scanCount is < 0 or > 100)
            {
                throw new ArgumentException("--per-layout must be 1-100 and --scans 0-100.");
            }

            var reports = LabReportCorpus.WriteTo(parse.GetValue(output)!.FullName, source.FullName, count, scanCount);
            await stdout.WriteLineAsync($"{reports.Count} reports ({reports.Sum(r => r.Truth.Pages)} pages, {reports.Sum(r => r.Truth.Rows.Count)} results) written to {parse.GetValue(output)!.FullName}");
            return 0;
        }));
        return command;
    }
}
