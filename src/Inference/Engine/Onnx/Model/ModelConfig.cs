using System.Text.Json;

namespace FhirMedGemma.Inference.Engine.Onnx.Model;

/// <summary>The numbers of config.json the engine depends on (Gemma 3: text_config nested; Gemma 3 text-only: flat).</summary>
internal sealed record ModelConfig(
    int VocabularySize,
    int NumLayers,
    int NumKeyValueHeads,
    int HeadDim,
    int HiddenSize,
    int ImageTokenId,
    int TokensPerImage,
    int PadTokenId,
    IReadOnlyList<int> EosTokenIds)
{
    public static ModelConfig Parse(JsonElement root, string file)
    {
        var text = root.TryGetProperty("text_config", out var tc) && tc.ValueKind == JsonValueKind.Object ? tc : root;
        var hidden = RequireInt(text, "hidden_size", file);
        var heads = RequireInt(text, "num_attention_heads", file);
        var headDim = OptionalInt(text, "head_dim") ?? hidden / heads;
        var eos = text.TryGetProperty("eos_token_id", out var e) ? ReadIds(e, file, "eos_token_id")
            : root.TryGetProperty("eos_token_id", out var e2) ? ReadIds(e2, file, "eos_token_id") : [];
        return new ModelConfig(
            VocabularySize: RequireInt(text, "vocab_size", file),
            NumLayers: RequireInt(text, "num_hidden_layers", file),
            NumKeyValueHeads: OptionalInt(text, "num_key_value_heads") ?? heads,
            HeadDim: headDim,
            HiddenSize: hidden,
            ImageTokenId: OptionalInt(root, "image_token_index") ?? OptionalInt(root, "image_token_id") ?? 262144,
            TokensPerImage: OptionalInt(root, "mm_tokens_per_image") ?? 256,
            PadTokenId: OptionalInt(text, "pad_token_id") ?? 0,
            EosTokenIds: eos);
    }

    internal static List<int> ReadIds(JsonElement value, string file, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var single))
        {
            return [single];
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var ids = new List<int>();
            foreach (var item in value.EnumerateArray())
            {
                if (!item.TryGetInt32(out var id))
                {
                    throw new ModelLoadException($"{file}: {name} must hold integers");
                }

                ids.Add(id);
            }

            return ids;
        }

        throw new ModelLoadException($"{file}: {name} must be an integer or an array of integers");
    }

    private static int RequireInt(JsonElement obj, string name, string file) =>
        OptionalInt(obj, name) is { } v && v > 0 ? v : throw new ModelLoadException($"{file}: {name} is missing or not a positive integer");

    private static int? OptionalInt(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var v) ? v : null;
}
