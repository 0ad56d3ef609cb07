using FhirMedGemma.Cli;

return await CliApplication.CreateRoot().Parse(args).InvokeAsync();
