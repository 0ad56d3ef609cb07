using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FhirMedGemma.Inference.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the Gemma kind (BPE, byte fallback, "▁" for spaces, added tokens) into
/// the parts <see cref="GemmaTokenizer"/> needs: a Microsoft.ML.Tokenizers BPE model for the merges, and the pieces and
/// added tokens it handles itself (ML.Tokenizers' BPE has no byte fallback and no Hugging Face added-token splitting).
/// </summary>
internal static class TokenizerJsonLoader
{
    internal sealed record Parts(BpeTokenizer Bpe, Dictionary<string, int> Vocabulary, string?[] Pieces, AddedTokenMatcher AddedTokens, HashSet<int> SpecialIds);

    public static Parts Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        var name = Path.GetFileName(path);

        if (!root.TryGetProperty("model", out var model) || model.GetProperty("type").GetString() != "BPE")
        {
            throw new ModelLoadException($"{name}: model.type must be BPE (the Gemma tokenizer)");
        }

        if (!model.TryGetProperty("byte_fallback", out var byteFallback) || !byteFallback.GetBoolean())
        {
            throw new ModelLoadException($"{name}: model.byte_fallback must be true (the Gemma tokenizer)");
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<string>();
        foreach (var merge in model.GetProperty("merges").EnumerateArray())
        {
            // Newer files store [left, right] pairs, older ones "left right" strings; Gemma pieces never hold a space.
            merges.Add(merge.ValueKind == JsonValueKind.Array
                ? string.Concat(merge[0].GetString(), " ", merge[1].GetString())
                : merge.GetString() ?? throw new ModelLoadException($"{name}: a merge is null"));
        }

        var addedTokens = new AddedTokenMatcher();
        var specialIds = new HashSet<int>();
        var addedPieces = new List<KeyValuePair<string, int>>();
        if (root.TryGetProperty("added_tokens", out var added))
        {
            foreach (var token in added.EnumerateArray())
            {
                var content = token.GetProperty("content").GetString() ?? throw new ModelLoadException($"{name}: an added token has no content");
                var id = token.GetProperty("id").GetInt32();
                addedTokens.Add(content, id);
                addedPieces.Add(new(content, id));
                if (token.TryGetProperty("special", out var special) && special.GetBoolean())
                {
                    specialIds.Add(id);
                }
            }
        }

        var maxId = Math.Max(vocabulary.Values.Max(), addedPieces.Count == 0 ? 0 : addedPieces.Max(p => p.Value));
        var pieces = new string?[maxId + 1];
        foreach (var (piece, id) in vocabulary)
        {
            pieces[id] = piece;
        }

        foreach (var (piece, id) in addedPieces)
        {
            pieces[id] = piece;
        }

        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            UnknownToken = GemmaSpecialTokens.UnknownText,
            FuseUnknownTokens = false,
        });
        return new Parts(bpe, vocabulary, pieces, addedTokens, specialIds);
    }
}
