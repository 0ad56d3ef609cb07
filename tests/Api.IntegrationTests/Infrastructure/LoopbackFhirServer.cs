using System.Collections.Concurrent;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A real FHIR server on a loopback port that serves the Synthea fixtures: reads, <c>Patient/{id}/$everything</c> in
/// pages (so the service must follow <c>next</c> links), and transactions (recorded, answered with a transaction-response).
/// It can be told to fail, to exercise the service's resilience and error mapping.
/// </summary>
internal sealed class LoopbackFhirServer : IAsyncDisposable
{
    public const int PageSize = 20;
    private readonly WebApplication _app;
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Resource>> _everything = new(StringComparer.Ordinal);
    private readonly BaseFhirJsonSerializer _serializer = new(ModelInfo.ModelInspector);
    private int _failuresLeft;
    private HttpStatusCode _failureStatus;

    private LoopbackFhirServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<string> RequestLog { get; } = new();

    public ConcurrentQueue<Bundle> ReceivedTransactions { get; } = new();

    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    /// <summary>Client-credentials requests seen at <c>/token</c> ("grant client scope").</summary>
    public ConcurrentQueue<string> TokenRequests { get; } = new();

    public Uri TokenUrl => new(BaseUrl, "../token");

    /// <summary>Starts the server with the Synthea fixtures whose file names start with the given prefixes.</summary>
    public static async Task<LoopbackFhirServer> StartAsync(params string[] fixturePrefixes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var server = new LoopbackFhirServer(builder.Build());
        foreach (var prefix in fixturePrefixes)
        {
            server.Load(AsServerStored(SyntheaFixtures.Json(prefix)));
        }

        server.Map();
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.First() + "/fhir/");
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="status"/>.</summary>
    public void FailNext(int count, HttpStatusCode status) => (_failuresLeft, _failureStatus) = (count, status);

    public void Add(Resource resource) => _resources[$"{resource.TypeName}/{resource.Id}"] = resource;

    /// <summary>
    /// A real server stores a Synthea transaction with its <c>urn:uuid:</c> references rewritten to <c>Type/id</c>;
    /// do the same, so the service sees what $everything returns in production.
    /// </summary>
    private static Bundle AsServerStored(string json)
    {
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);
        foreach (var entry in bundle.Entry.Where(e => e.FullUrl?.StartsWith("urn:uuid:", StringComparison.Ordinal) == true && e.Resource is not null))
        {
            json = json.Replace($"\"{entry.FullUrl}\"", $"\"{entry.Resource!.TypeName}/{entry.Resource.Id}\"", StringComparison.Ordinal);
        }

        return new FhirJsonDeserializer().Deserialize<Bundle>(json);
    }

    private void Load(Bundle bundle)
    {
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        _everything[patient.Id!] = resources;
        foreach (var resource in resources.Where(r => r.Id is not null))
        {
            Add(resource);
        }
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            RequestLog.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (context.Request.Path.StartsWithSegments("/token"))
            {
                await next(context);
                return;
            }

            AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null);
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = (int)_failureStatus;
                return;
            }

            await next(context);
        });
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            TokenRequests.Enqueue($"{form["grant_type"]} {form["client_id"]} {form["scope"]}");
            return Results.Json(new { access_token = "loopback-access-token", token_type = "bearer", expires_in = 3600 });
        });
        _app.MapGet("/fhir/Patient/{id}/$everything", (string id, int? page, HttpContext context) => Everything(id, page ?? 0, context));
        _app.MapGet("/fhir/{type}/{id}", (string type, string id) =>
            _resources.TryGetValue($"{type}/{id}", out var resource) ? Fhir(resource) : Results.NotFound());
        _app.MapPost("/fhir", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var transaction = new FhirJsonDeserializer().Deserialize<Bundle>(await reader.ReadToEndAsync());
            ReceivedTransactions.Enqueue(transaction);
            var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
            var n = 0;
            foreach (var entry in transaction.Entry)
            {
                response.Entry.Add(new Bundle.EntryComponent
                {
                    Response = new Bundle.ResponseComponent { Status = "201 Created", Location = $"{entry.Resource!.TypeName}/stored-{++n}/_history/1" },
                });
            }

            return Fhir(response);
        });
    }

    private IResult Everything(string id, int page, HttpContext context)
    {
        if (!_everything.TryGetValue(id, out var all))
        {
            return Results.NotFound();
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = all.Count };
        bundle.Entry.AddRange(all.Skip(page * PageSize).Take(PageSize).Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"{BaseUrl}{r.TypeName}/{r.Id}",
            Resource = r,
        }));
        if ((page + 1) * PageSize < all.Count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{BaseUrl}Patient/{id}/$everything?page={page + 1}" });
        }

        return Fhir(bundle);
    }

    private IResult Fhir(Resource resource) => Results.Text(_serializer.SerializeToString(resource), "application/fhir+json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
