using System.CommandLine;
using FhirMedGemma.Cli.Commands;

// Each command lives in Commands/<Name>Command.cs and is added here with one line.
var root = new RootCommand("fhirmedgemma: MedGemma for FHIR integration: flatten records, extract lab results, run the model.");
root.Subcommands.Add(FlattenCommand.Create());
return await root.Parse(args).InvokeAsync();
