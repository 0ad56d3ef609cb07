using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FhirMedGemma.FhirAdapters.Flattening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Cli.Commands;

/// <summary><c>fhirmedgemma flatten &lt;bundle&gt;</c>: prints the prompt a patient bundle flattens to, with the same registrations the service uses.</summary>
internal static class FlattenCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The output is a terminal or a file, never HTML: keep "→" and quotes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static Command Create()
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "A FHIR R4 Bundle file, JSON or XML." };
        var budget = new Option<int?>("--budget") { Description = "Maximum tokens of the prompt (character estimate); older items are omitted first." };
        var asOf = new Option<string?>("--as-of") { Description = "Read the record as of this date (yyyy-MM-dd or ISO 8601); default now." };
        var format = new Option<string>("--format") { Description = "text: the prompt; json: prompt, citation map and counts.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("flatten", "Flatten a patient's FHIR bundle into the cited prompt MedGemma reads.") { bundle, budget, asOf, format };
        command.SetAction((result, _) => CliRunner.RunAsync(result, (stdout, _) => Task.FromResult(Run(
            result.GetRequiredValue(bundle), result.GetValue(budget), result.GetValue(asOf), result.GetValue(format) ?? "text", stdout))));
        return command;
    }

    private static int Run(FileInfo file, int? budget, string? asOfText, string format, TextWriter output)
    {
        if (budget is <= 0)
        {
            throw new ArgumentException("--budget must be a positive number of tokens.");
        }

        DateTimeOffset? asOf = null;
        if (asOfText is not null)
        {
            if (!DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ArgumentException("--as-of is not a date (use yyyy-MM-dd or ISO 8601).");
            }

            asOf = parsed;
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"no such file: {file.FullName}");
        }

        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables("FHIRMEDGEMMA_").Build())
            .AddFhirFlattening()
            .BuildServiceProvider();
        var request = FlatteningRequest.FromUtf8(File.ReadAllBytes(file.FullName)) with { AsOf = asOf, TokenBudget = budget };
        var record = services.GetRequiredService<BundleFlattener>().Flatten(request);
        output.Write(format == "json" ? JsonSerializer.Serialize(record, Json) + "\n" : record.Text);
        return 0;
    }
}
