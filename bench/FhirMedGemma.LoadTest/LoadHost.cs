using System.Net;
using System.Net.Sockets;
using FhirMedGemma.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirMedGemma.LoadTest;

/// <summary>The real service (AddFhirMedGemmaService) on two loopback ports, auth off, logging at Warning.</summary>
internal static class LoadHost
{
    public static async Task<(WebApplication App, int HttpPort, int GrpcPort)> StartAsync(IChatClient? model, string? modelDirectory)
    {
        var (httpPort, grpcPort) = (FreePort(), FreePort());
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Service:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Service:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Service:BindAddress"] = "127.0.0.1",
            ["Auth:Enabled"] = "false",
            ["Inference:Mode"] = modelDirectory is null ? "None" : "InProcess",
            ["Inference:ModelDirectory"] = modelDirectory,
            ["Limits:MaxSummaryTokens"] = "32",
        });
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddFhirMedGemmaService();
        if (model is not null)
        {
            builder.Services.AddSingleton(model);
        }

        var app = builder.Build();
        app.MapFhirMedGemmaService();
        await app.StartAsync();
        return (app, httpPort, grpcPort);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
