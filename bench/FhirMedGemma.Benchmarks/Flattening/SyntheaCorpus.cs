namespace FhirMedGemma.Benchmarks.Flattening;

/// <summary>The Synthea bundles committed in synthea-fixtures/, found by walking up from the benchmark's folder.</summary>
internal static class SyntheaCorpus
{
    public static byte[][] Load()
    {
        var directory = FindFixtures(AppContext.BaseDirectory) ?? FindFixtures(Environment.CurrentDirectory)
            ?? throw new DirectoryNotFoundException("synthea-fixtures/ not found above the benchmark's folder; run from the repository.");
        return Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
    }

    private static string? FindFixtures(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "synthea-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
