using System.CommandLine;
using FhirMedGemma.Api;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.Summaries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Cli.Commands;

/// <summary><c>fhirmedgemma summarize &lt;bundle.json|bundle.xml&gt; [--model DIR] [--format text|fhir]</c>: the service's $summarize, offline.</summary>
internal static class SummarizeCommand
{
    internal static Command Create()
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "A FHIR R4 Bundle (JSON or XML) holding one patient's record." };
        var model = new Option<string?>("--model") { Description = "A MedGemma model directory; without it a labelled non-AI structured summary is printed." };
        var format = new Option<string>("--format") { Description = "text (the summary) or fhir (the Parameters result as JSON).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "fhir");
        var command = new Command("summarize", "Summarize a patient record (cited summary, DocumentReference, Provenance).") { bundle, model, format };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, async (stdout, stderr) =>
        {
            var file = parse.GetValue(bundle)!;
            if (!file.Exists)
            {
                throw new FileNotFoundException($"The file '{file.FullName}' does not exist.");
            }

            await using var services = CreateServices(parse.GetValue(model) is { } directory ? ServeCommand.ModelDirectory(directory) : null);
            var serialization = services.GetRequiredService<FhirSerialization>();
            var text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            var resource = serialization.Parse(text, text.TrimStart().StartsWith('<') ? FhirFormat.Xml : FhirFormat.Json);
            var input = new SummaryInput(PatientRecordSource.RequireBundle(resource), false, null, null, "cli", TimeSpan.Zero);
            var result = await services.GetRequiredService<PatientSummarizer>().SummarizeAsync(input, cancellationToken).ConfigureAwait(false);

            await stdout.WriteLineAsync(parse.GetValue(format) == "fhir"
                ? serialization.ToJson(SummaryParameters.Create(result))
                : result.Summary).ConfigureAwait(false);
            await stderr.WriteLineAsync($"{(result.ModelFree ? "model-free" : result.ModelId)}: {result.Citations.Count} citations kept, " +
                $"{result.RemovedCitations} removed, {result.Timings.Total.TotalMilliseconds:F0} ms").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The service's operations without a host, configured from environment variables (Flattening__…, Limits__…).</summary>
    private static ServiceProvider CreateServices(string? modelDirectory)
    {
        var model = modelDirectory is null ? [] : new Dictionary<string, string?>
        {
            ["Inference:Mode"] = "InProcess",
            ["Inference:ModelDirectory"] = modelDirectory,
        };
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(model).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();

        services.AddFhirMedGemmaOperations(configuration);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return provider;
    }

}
