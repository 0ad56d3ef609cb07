using System.Text.Json;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Tokenization;

/// <summary>Cases with Hugging Face's ids: model-fixtures/reference and our own hard cases (tools/make_tokenizer_hard_cases.js).</summary>
public sealed record TokenizerCase(string Name, string Text, int[] Ids, int[]? IdsWithBos, string Decoded)
{
    public override string ToString() => Name;
}

internal static class TokenizerReferenceCases
{
    public static TheoryData<TokenizerCase> Reference() => Read(Path.Combine(RepoFixtures.ModelReferenceDirectory, "tokenizer_reference.json"), "ref");

    public static TheoryData<TokenizerCase> Hard() =>
        Read(Path.Combine(RepoFixtures.Root, "tests", "Inference.Tests", "Tokenization", "tokenizer_hard_cases.json"), "hard");

    private static TheoryData<TokenizerCase> Read(string path, string prefix)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var data = new TheoryData<TokenizerCase>();
        var index = 0;
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var withBos = item.TryGetProperty("ids_with_bos", out var b) ? b.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null;
            data.Add(new TokenizerCase(
                $"{prefix}{index++:00}",
                item.GetProperty("text").GetString()!,
                item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                withBos,
                item.GetProperty("decoded").GetString()!));
        }

        return data;
    }
}
