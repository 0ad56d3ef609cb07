using System.Text.Json;

namespace FhirMedGemma.Benchmarks.Engine;

/// <summary>Finds the repository's tiny model and reference prompts from the working directory upwards.</summary>
internal static class TinyModelPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModelDirectory => Path.Combine(Root, "model-fixtures", "tiny-medgemma");

    public static int[] PromptIds(string caseName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "model-fixtures", "reference", "generation_reference.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == caseName)
            .GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "model-fixtures", "tiny-medgemma")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("model-fixtures/tiny-medgemma not found above " + AppContext.BaseDirectory);
    }
}
