using System.CommandLine;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Cli.Commands;

/// <summary>What the lab commands share: the --model/--no-model options, the service provider and error reporting.</summary>
internal static class LabCommandSupport
{
    public const int BadInput = 2;
    public const int ModelUnavailable = 3;

    public static Option<string?> ModelOption() => new("--model") { Description = "A MedGemma model directory: extract with the model (grounded, cross-checked)." };

    public static Option<bool> NoModelOption() => new("--no-model") { Description = "Use the model-free table parser only (the default)." };

    /// <summary>The same registrations as the service, configured from environment variables (Limits__MaxPdfPages, LabExtraction__…).</summary>
    public static ServiceProvider CreateServices(IChatClient? chatClient)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        if (chatClient is not null)
        {
            services.AddSingleton(chatClient);
        }

        services.AddLabReportExtraction();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    /// <summary>Reads --model/--no-model; null means model-free.</summary>
    /// <exception cref="ArgumentException">Both were given.</exception>
    public static IChatClient? ChatClientFor(ParseResult parse, Option<string?> model, Option<bool> noModel)
    {
        var directory = parse.GetValue(model);
        if (directory is not null && parse.GetValue(noModel))
        {
            throw new ArgumentException("--model and --no-model cannot be used together.");
        }

        return directory is null ? null : CliModelSupport.CreateChatClient(directory);
    }

    /// <summary>Runs a command body; known failures become one line on stderr and a non-zero exit code, never a stack trace.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body(output, error).ConfigureAwait(false);
        }
        catch (InvalidClinicalInputException ex)
        {
            await error.WriteLineAsync($"error {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (ModelUnavailableException ex)
        {
            await error.WriteLineAsync($"error MODEL_UNAVAILABLE: {ex.Message}").ConfigureAwait(false);
            return ModelUnavailable;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"error CONFIGURATION_INVALID: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
    }
}
