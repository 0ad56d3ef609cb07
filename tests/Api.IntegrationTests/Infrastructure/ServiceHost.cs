using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The real service (the same AddFhirMedGemmaService/MapFhirMedGemmaService as Program.cs) on two loopback Kestrel
/// ports, with every log captured by a FakeLogCollector. Optionally with a model (an IChatClient) and an upstream server.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
        GrpcChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Logs = app.Services.GetFakeLogCollector();
    }

    /// <summary>A client of the REST port, without credentials.</summary>
    public HttpClient Http { get; }

    public GrpcChannel GrpcChannel { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServiceHost> StartAsync(
        IChatClient? model = null, Uri? upstream = null, IDictionary<string, string?>? settings = null, bool authEnabled = true)
    {
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        var configuration = new Dictionary<string, string?>
        {
            ["Service:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Service:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Service:BindAddress"] = "127.0.0.1",
            ["Auth:Enabled"] = authEnabled ? "true" : "false",
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["Auth:Audience"] = TestTokens.Audience,
            // The test's own IChatClient stands in for the model; AddMedGemmaInference registers none in mode None.
            ["Inference:Mode"] = "None",
            ["Upstream:BaseUrl"] = upstream?.ToString(),
            ["Upstream:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.AddFhirMedGemmaService();
        if (model is not null)
        {
            builder.Services.AddSingleton(model);
        }

        var app = builder.Build();
        app.MapFhirMedGemmaService();
        await app.StartAsync();
        return new ServiceHost(app, httpPort, grpcPort);
    }

    /// <summary>A REST client carrying a bearer token with <paramref name="scopes"/>.</summary>
    public HttpClient AuthorizedHttp(string scopes = TestTokens.AllScopes)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(scopes));
        return client;
    }

    /// <summary>gRPC call metadata carrying a bearer token with <paramref name="scopes"/>.</summary>
    public static Metadata Bearer(string scopes = TestTokens.AllScopes) => new() { { "Authorization", $"Bearer {TestTokens.Create(scopes)}" } };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        GrpcChannel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
