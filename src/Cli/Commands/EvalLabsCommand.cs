using System.CommandLine;
using System.Globalization;
using FhirMedGemma.LabReportHarness;

namespace FhirMedGemma.Cli.Commands;

/// <summary>
/// <c>fhirmedgemma eval-labs &lt;dir&gt;</c>: runs extraction over a generated corpus and prints precision, recall and
/// F1 of (LOINC code, value, UCUM unit), overall and per layout.
/// </summary>
internal static class EvalLabsCommand
{
    internal static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "A folder written by generate-lab-reports (PDFs with .truth.json files)." };
        var model = LabCommandSupport.ModelOption();
        var noModel = LabCommandSupport.NoModelOption();
        var command = new Command("eval-labs", "Score lab extraction against a synthetic corpus's ground truth.") { directory, model, noModel };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, async (stdout, stderr) =>
        {
            var folder = parse.GetValue(directory)!;
            if (!folder.Exists || LabReportCorpus.ReadTruth(folder.FullName).Count == 0)
            {
                throw new ArgumentException($"'{folder.FullName}' holds no *{LabReportCorpus.TruthSuffix} files; create them with generate-lab-reports.");
            }

            using var chatClient = LabCommandSupport.ChatClientFor(parse, model, noModel);
            using var services = LabCommandSupport.CreateServices(chatClient);
            var evaluation = await LabReportEvaluator.EvaluateAsync(
                folder.FullName,
                async (path, ct) =>
                {
                    var outcome = await ExtractLabsCommand.ExtractAsync(services, new FileInfo(path), "Patient/eval", ct);
                    return outcome.Mapped.Select(LabScoring.FromMapped).ToList();
                },
                LabScoreKey.Loinc,
                cancellationToken);
            await stdout.WriteAsync(Format(evaluation, chatClient is null ? "model-free" : "model"));
            foreach (var failure in evaluation.Failures)
            {
                await stderr.WriteLineAsync($"failed {failure}");
            }

            return 0;
        }));
        return command;
    }

    internal static string Format(LabEvaluation evaluation, string method)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"eval-labs ({method}): {evaluation.Documents} documents, {evaluation.Pages} pages, {evaluation.DocumentsFailed} failed; scored on (LOINC, value, UCUM unit)");
        text.AppendLine("layout               TP    FP    FN  precision  recall     F1");
        foreach (var (layout, score) in evaluation.PerLayout)
        {
            text.AppendLine(Row(layout, score));
        }

        text.AppendLine(Row("overall", evaluation.Overall));
        return text.ToString();
    }

    private static string Row(string name, LabScore s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-18} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5}  {s.Precision,9:F3}  {s.Recall,6:F3}  {s.F1,5:F3}");
}
