using System.Diagnostics;
using System.Globalization;
using System.Text;
using FhirMedGemma.LoadTest;

// Load run: the real service in this process on loopback ports; $summarize over REST and gRPC at concurrency 1, 8, 32,
// then a soak at fixed concurrency sampling memory every 10 s. Usage:
//   dotnet run -c Release --project bench/FhirMedGemma.LoadTest -- [--phase-seconds 10] [--soak-seconds 300]
//       [--soak-concurrency 8] [--fixture Dino214] [--scripted-model-tokens 0 | --model DIR] [--out FILE]
var options = LoadOptions.Parse(args);
var repo = FindRepoRoot();
var bundlePath = Directory.GetFiles(Path.Combine(repo, "synthea-fixtures"), options.Fixture + "*.json").Single();
var bundleJson = File.ReadAllText(bundlePath);
using var model = options.ModelTokens > 0 ? new SimulatedModel(options.ModelTokens, TimeSpan.FromMilliseconds(2)) : null;
var (app, httpPort, grpcPort) = await LoadHost.StartAsync(model, options.ModelDirectory);
using var runner = new LoadRunner(httpPort, grpcPort, bundleJson);
var culture = CultureInfo.InvariantCulture;

await runner.RunAsync("mixed", 4, TimeSpan.FromSeconds(3)); // warm-up: JIT, connection pools
var report = new StringBuilder();
report.AppendLine("| surface | concurrency | requests/s | p50 ms | p95 ms | ok | 429 | other errors |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var surface in new[] { "rest", "grpc" })
{
    foreach (var concurrency in new[] { 1, 8, 32 })
    {
        var (stats, elapsed) = await runner.RunAsync(surface, concurrency, TimeSpan.FromSeconds(options.PhaseSeconds));
        var line = string.Create(culture,
            $"| {surface} | {concurrency} | {stats.Ok / elapsed.TotalSeconds:F1} | {stats.Percentile(0.50):F1} | {stats.Percentile(0.95):F1} | {stats.Ok} | {stats.Count("429")} | {stats.Errors} |");
        report.AppendLine(line);
        Console.WriteLine(line + "  " + stats.OutcomeSummary);
    }
}

var memory = new StringBuilder();
memory.AppendLine("| t (s) | managed heap MiB | working set MiB |");
memory.AppendLine("|---:|---:|---:|");
void Sample(TimeSpan at)
{
    using var process = Process.GetCurrentProcess();
    var line = string.Create(culture, $"| {at.TotalSeconds:F0} | {GC.GetTotalMemory(false) / 1048576.0:F1} | {process.WorkingSet64 / 1048576.0:F1} |");
    memory.AppendLine(line);
    Console.WriteLine("soak " + line);
}

Sample(TimeSpan.Zero);
var (soak, soakElapsed) = await runner.RunAsync("mixed", options.SoakConcurrency, TimeSpan.FromSeconds(options.SoakSeconds), Sample);
var soakLine = string.Create(culture,
    $"Soak: {options.SoakSeconds} s, concurrency {options.SoakConcurrency} (REST and gRPC mixed), {soak.Ok / soakElapsed.TotalSeconds:F1} requests/s, p50 {soak.Percentile(0.5):F1} ms, p95 {soak.Percentile(0.95):F1} ms, outcomes: {soak.OutcomeSummary}.");
Console.WriteLine(soakLine);

var mode = options.ModelDirectory is { } dir ? string.Create(culture, $"in-process model `{Path.GetFileName(dir)}` (ONNX Runtime, CPU, up to 32 output tokens)")
    : model is null ? "model-free (Inference:Mode=None)"
    : string.Create(culture, $"simulated model ({options.ModelTokens} tokens at 2 ms each; not MedGemma)");
var workload = string.Create(culture, $"Workload: $summarize of `{Path.GetFileName(bundlePath)}` ({bundleJson.Length / 1024} KiB), {mode}, " +
    $"{options.PhaseSeconds} s per phase, closed loop, auth off, service and load generator in one process.");
var output = new StringBuilder()
    .AppendLine(workload)
    .AppendLine()
    .Append(report)
    .AppendLine()
    .AppendLine(soakLine)
    .AppendLine()
    .Append(memory);
if (options.OutputPath is { } path)
{
    await File.WriteAllTextAsync(path, output.ToString());
}

Console.WriteLine(output);
await app.StopAsync();
await app.DisposeAsync();
return 0;

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (Directory.Exists(Path.Combine(dir.FullName, "synthea-fixtures")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run the load test from inside the repository (synthea-fixtures/ not found).");
}
