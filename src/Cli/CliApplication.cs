using System.CommandLine;
using FhirMedGemma.Cli.Commands;

namespace FhirMedGemma.Cli;

/// <summary>The <c>fhirmedgemma</c> command tree; each command lives in Commands/&lt;Name&gt;Command.cs and is added here with one line.</summary>
internal static class CliApplication
{
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("fhirmedgemma: MedGemma for FHIR integration: flatten records, extract lab results, run the model.");
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(FlattenCommand.Create());
        root.Subcommands.Add(ExtractLabsCommand.Create());
        root.Subcommands.Add(EvalLabsCommand.Create());
        root.Subcommands.Add(GenerateLabReportsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SummarizeCommand.Create());
        return root;
    }
}
