using System.Diagnostics;
using System.Net;
using System.Text;
using FhirMedGemma.Grpc.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace FhirMedGemma.LoadTest;

/// <summary>Closed-loop load: N workers each send $summarize back to back over one surface for a fixed time.</summary>
internal sealed class LoadRunner(int httpPort, int grpcPort, string bundleJson) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

    public async Task<(LatencyStats Stats, TimeSpan Elapsed)> RunAsync(string surface, int concurrency, TimeSpan duration, Action<TimeSpan>? onTick = null)
    {
        var stats = new LatencyStats();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = surface == "mixed" ? (i % 2 == 0 ? "rest" : "grpc") : surface;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = mine == "rest" ? await RestAsync() : await GrpcAsync();
                stats.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
            }
        })).ToList();
        if (onTick is not null)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                onTick(clock.Elapsed);
            }
        }

        await Task.WhenAll(workers);
        return (stats, clock.Elapsed);
    }

    private async Task<string> RestAsync()
    {
        try
        {
            using var content = new StringContent(bundleJson, Encoding.UTF8, "application/fhir+json");
            using var response = await _http.PostAsync("fhir/Patient/$summarize", content);
            await response.Content.CopyToAsync(Stream.Null);
            return response.StatusCode == HttpStatusCode.OK ? "ok" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "transport";
        }
    }

    private async Task<string> GrpcAsync()
    {
        try
        {
            var client = new ClinicalSummary.ClinicalSummaryClient(_channel);
            var response = await client.SummarizeAsync(new SummarizeRequest { BundleJson = bundleJson });
            return response.Summary.Length > 0 ? "ok" : "empty";
        }
        catch (RpcException ex)
        {
            return ex.StatusCode == StatusCode.ResourceExhausted ? "429" : ex.StatusCode.ToString();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
    }
}
