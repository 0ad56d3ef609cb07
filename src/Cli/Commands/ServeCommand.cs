using System.CommandLine;
using System.Globalization;
using FhirMedGemma.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FhirMedGemma.Cli.Commands;

/// <summary><c>fhirmedgemma serve [--model DIR] [--http-port N] [--grpc-port N] [--no-auth]</c>: runs the service in this process.</summary>
internal static class ServeCommand
{
    internal static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A MedGemma model directory; without it the service runs model-free." };
        var httpPort = new Option<int?>("--http-port") { Description = "REST port (HTTP/1.1). Default 8080 (Service:HttpPort)." };
        var grpcPort = new Option<int?>("--grpc-port") { Description = "gRPC port (cleartext HTTP/2). Default 8081 (Service:GrpcPort)." };
        var noAuth = new Option<bool>("--no-auth") { Description = "Development only: turn JWT authentication off (Auth:Enabled=false)." };
        var command = new Command("serve", "Run the FHIR REST + gRPC service until Ctrl+C.") { model, httpPort, grpcPort, noAuth };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, async (_, stderr) =>
        {
            var settings = new Dictionary<string, string?>();
            Set(settings, "Service:HttpPort", parse.GetValue(httpPort));
            Set(settings, "Service:GrpcPort", parse.GetValue(grpcPort));
            if (parse.GetValue(noAuth))
            {
                settings["Auth:Enabled"] = "false";
            }

            if (parse.GetValue(model) is { } directory)
            {
                // The model reaches the service only as an IChatClient, registered by AddMedGemma from these settings.
                settings["Inference:Mode"] = "InProcess";
                settings["Inference:ModelDirectory"] = ModelDirectory(directory);
            }

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(settings);

            builder.AddFhirMedGemmaService();
            await using var app = builder.Build();
            app.MapFhirMedGemmaService();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await stderr.WriteLineAsync("fhirmedgemma: stopped.").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The full path of an existing model directory.</summary>
    /// <exception cref="FhirMedGemma.Inference.ModelUnavailableException">The directory does not exist.</exception>
    internal static string ModelDirectory(string directory) => Directory.Exists(directory)
        ? Path.GetFullPath(directory)
        : throw new FhirMedGemma.Inference.ModelUnavailableException($"The model directory '{directory}' does not exist.");

    private static void Set(Dictionary<string, string?> settings, string key, int? port)
    {
        if (port is { } value)
        {
            if (value is < 0 or > 65535)
            {
                throw new ArgumentException($"{key} must be a port between 0 and 65535.");
            }

            settings[key] = value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
