namespace FhirMedGemma.Benchmarks.Constraints;

/// <summary>Finds the repository's fixtures from wherever BenchmarkDotNet runs the generated process.</summary>
internal static class RepoPaths
{
    public static string GemmaTokenizerJson { get; } = Find(Path.Combine("model-fixtures", "tiny-medgemma", "tokenizer.json"));

    private static string Find(string relative)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{relative} not found above the benchmark directory; run eng/fetch-gemma-tokenizer.sh.");
    }
}
