var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Ok("Healthy"));

app.Run();
