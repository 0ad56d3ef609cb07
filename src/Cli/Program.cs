using System.CommandLine;

var root = new RootCommand("fhirmedgemma: MedGemma for FHIR integration: flatten records, extract lab results, run the model.");
return await root.Parse(args).InvokeAsync();
