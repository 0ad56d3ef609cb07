using FhirMedGemma.Api;

// The service is composed in FhirMedGemmaServiceExtensions so the CLI's `serve` and the tests host exactly the same thing.
var builder = WebApplication.CreateBuilder(args);
builder.AddFhirMedGemmaService();

var app = builder.Build();
app.MapFhirMedGemmaService();
app.Run();
