using System.Diagnostics;
using System.Globalization;
using System.Text;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;

namespace FhirMedGemma.Benchmarks.Engine;

/// <summary>
/// Engine benchmarks (a) and (b), measured side by side and interleaved round by round, so that the load of a shared
/// machine hits both sides alike (BenchmarkDotNet runs cases one after another, which on 2 busy cores biased ratios by
/// up to ±30% in our runs). Medians over rounds; ratios are engine time / baseline time from the same rounds.
/// Usage: <c>dotnet run -c Release --project bench/FhirMedGemma.Benchmarks -- engine [rounds] [threads]</c>
/// </summary>
internal static class EngineSideBySide
{
    private const int DecodeTokens = 64;
    private const int ConcurrentTokens = 32;
    private static readonly int[] Concurrency = [1, 4, 16];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var shortPrompt = TinyModelPaths.PromptIds("text_short");
        var longPrompt = TinyModelPaths.PromptIds("text_long");
        await using var engine = OnnxGenerationEngine.Create(new OnnxEngineOptions
        {
            ModelDirectory = TinyModelPaths.ModelDirectory,
            IntraOpNumThreads = threads,
            MaxConcurrentSequences = 16,
        });
        using var bare = new BareOrtGreedyLoop(TinyModelPaths.ModelDirectory, threads);

        // Both sides must compute the same ids, or the ratio means nothing.
        var engineIds = await GenerateAsync(engine, shortPrompt, DecodeTokens);
        if (!engineIds.SequenceEqual(bare.Generate(shortPrompt, DecodeTokens)))
        {
            throw new InvalidOperationException("The engine and the bare loop disagree on the greedy ids.");
        }

        await GenerateAsync(engine, longPrompt, 1);
        bare.Generate(longPrompt, 1);

        var cases = new (string Name, int[] Prompt, int NewTokens)[]
        {
            ("prefill 34 + 1 token", shortPrompt, 1),
            ("prefill 34 + 64 tokens", shortPrompt, DecodeTokens),
            ("prefill 377 + 1 token", longPrompt, 1),
        };
        var bareTimes = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var engineTimes = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var concurrentTimes = Concurrency.ToDictionary(n => n, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, prompt, newTokens) in cases)
            {
                bareTimes[name].Add(Time(() => bare.Generate(prompt, newTokens)));
                engineTimes[name].Add(await TimeAsync(() => GenerateAsync(engine, prompt, newTokens)));
            }

            foreach (var n in Concurrency)
            {
                concurrentTimes[n].Add(await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, n).Select(_ => GenerateAsync(engine, shortPrompt, ConcurrentTokens)))));
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} done"));
        }

        Console.WriteLine(Report(rounds, threads, cases, bareTimes, engineTimes, concurrentTimes));
        return 0;
    }

    private static string Report(
        int rounds, int threads, (string Name, int[] Prompt, int NewTokens)[] cases,
        Dictionary<string, List<double>> bareTimes, Dictionary<string, List<double>> engineTimes, Dictionary<int, List<double>> concurrentTimes)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Rounds: {rounds}, IntraOpNumThreads: {threads}, machine: {Environment.ProcessorCount} logical cores, load average {LoadAverage()}");
        text.AppendLine();
        text.AppendLine("| (a) case | bare ORT loop median ms | engine median ms | engine / bare | per-round ratio median |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _, _) in cases)
        {
            var ratios = bareTimes[name].Zip(engineTimes[name], (b, e) => e / b).ToList();
            text.AppendLine(inv, $"| {name} | {Median(bareTimes[name]):F1} | {Median(engineTimes[name]):F1} | {Median(engineTimes[name]) / Median(bareTimes[name]):F3} | {Median(ratios):F3} |");
        }

        // Decode per token: the 64-token run minus the 1-token run of the same prompt, over 63 steps.
        var bareStep = (Median(bareTimes[cases[1].Name]) - Median(bareTimes[cases[0].Name])) / (DecodeTokens - 1);
        var engineStep = (Median(engineTimes[cases[1].Name]) - Median(engineTimes[cases[0].Name])) / (DecodeTokens - 1);
        text.AppendLine(inv, $"| decode per token (derived) | {bareStep:F2} ms = {1000 / bareStep:F0} tok/s | {engineStep:F2} ms = {1000 / engineStep:F0} tok/s | {engineStep / bareStep:F3} | |");
        var barePrefill = 377 * 1000 / Median(bareTimes[cases[2].Name]);
        var enginePrefill = 377 * 1000 / Median(engineTimes[cases[2].Name]);
        text.AppendLine(inv, $"| prefill 377: prompt tokens/s | {barePrefill:F0} | {enginePrefill:F0} | | |");
        text.AppendLine();
        text.AppendLine(inv, $"| (b) concurrent requests × {ConcurrentTokens} tokens | median ms | aggregate tokens/s | vs 1 |");
        text.AppendLine("|---:|---:|---:|---:|");
        var single = ConcurrentTokens * 1000 / Median(concurrentTimes[1]);
        foreach (var n in Concurrency)
        {
            var rate = n * ConcurrentTokens * 1000 / Median(concurrentTimes[n]);
            text.AppendLine(inv, $"| {n} | {Median(concurrentTimes[n]):F1} | {rate:F0} | {rate / single:F2}× |");
        }

        return text.ToString();
    }

    private static async Task<int[]> GenerateAsync(OnnxGenerationEngine engine, int[] prompt, int newTokens)
    {
        var ids = new List<int>(newTokens);
        await foreach (var id in engine.GenerateAsync(new GenerationRequest(prompt, [], newTokens, SamplingParameters.Greedy)))
        {
            ids.Add(id);
        }

        return [.. ids];
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
