using System.Text.Json;
using FhirMedGemma.Inference.Constraints;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>The real Gemma 3 vocabulary (model-fixtures/tiny-medgemma/tokenizer.json), loaded once per test run.</summary>
internal static class GemmaVocabulary
{
    private static readonly Lazy<TokenVocabulary> Loaded = new(() => TokenVocabulary.Load(TokenizerPath));
    private static readonly Lazy<Dictionary<string, int>> Pieces = new(ReadPieces);

    public static string TokenizerPath => Path.Combine(RepoFixtures.TinyModelDirectory, "tokenizer.json");

    public static TokenVocabulary Vocabulary => Loaded.Value;

    /// <summary>The id of a vocabulary piece as spelled in tokenizer.json (e.g. "&lt;0xC3&gt;", "▁the").</summary>
    public static int IdOfPiece(string piece) => Pieces.Value[piece];

    public static JsonSchemaConstraintFactory Factory(JsonConstraintOptions? options = null) =>
        new(Vocabulary, options ?? new JsonConstraintOptions());

    private static Dictionary<string, int> ReadPieces()
    {
        using var stream = File.OpenRead(TokenizerPath);
        using var document = JsonDocument.Parse(stream);
        var pieces = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject())
        {
            pieces[entry.Name] = entry.Value.GetInt32();
        }

        foreach (var added in document.RootElement.GetProperty("added_tokens").EnumerateArray())
        {
            pieces[added.GetProperty("content").GetString()!] = added.GetProperty("id").GetInt32();
        }

        return pieces;
    }
}
