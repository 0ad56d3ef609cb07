using System.Globalization;

namespace FhirMedGemma.LoadTest;

/// <summary>Command-line settings of a load run.</summary>
internal sealed record LoadOptions(int PhaseSeconds, int SoakSeconds, int SoakConcurrency, string Fixture, string? OutputPath, int ModelTokens, string? ModelDirectory)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new LoadOptions(
            Int("--phase-seconds", 10),
            Int("--soak-seconds", 300),
            Int("--soak-concurrency", 8),
            Value("--fixture") ?? "Dino214",
            Value("--out"),
            Int("--scripted-model-tokens", 0),
            Value("--model"));
    }
}
