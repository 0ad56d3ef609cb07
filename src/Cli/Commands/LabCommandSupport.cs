using System.CommandLine;
using FhirMedGemma.FhirAdapters.LabReports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Cli.Commands;

/// <summary>What the lab commands share: the --model/--no-model options and the service provider.</summary>
internal static class LabCommandSupport
{
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
}
