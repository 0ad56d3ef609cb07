using System.Globalization;
using FhirMedGemma.Inference.Engine.Onnx.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>
/// What the decoder graph declares, read from the session: input and output names, the KV element type and shape. The
/// engine feeds only inputs listed here (community exports lack <c>token_type_ids</c>; some lack <c>position_ids</c>).
/// </summary>
internal sealed record DecoderSignature(
    TensorElementType EmbedsType,
    TensorElementType KvType,
    int KvHeads,
    int HeadDim,
    bool HasPositionIds,
    bool HasTokenTypeIds,
    IReadOnlyList<string> PastNames,
    IReadOnlyList<string> PresentNames,
    TensorElementType LogitsType)
{
    public const string InputsEmbeds = "inputs_embeds";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string TokenTypeIds = "token_type_ids";
    public const string Logits = "logits";

    public static DecoderSignature Read(InferenceSession session, ModelConfig config)
    {
        const string file = ModelDirectory.DecoderFile;
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var embeds = Require(inputs, InputsEmbeds, file, "input");
        if (!TensorElements.IsSupportedFloat(embeds.ElementDataType))
        {
            throw new ModelLoadException($"{file}: input {InputsEmbeds} has element type {embeds.ElementDataType}; expected float32, float16 or bfloat16");
        }

        var mask = Require(inputs, AttentionMask, file, "input");
        if (mask.ElementDataType != TensorElementType.Int64)
        {
            throw new ModelLoadException($"{file}: input {AttentionMask} has element type {mask.ElementDataType}; expected int64");
        }

        var past = new List<string>();
        var present = new List<string>();
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            foreach (var kind in new[] { "key", "value" })
            {
                past.Add(Require(inputs, string.Create(CultureInfo.InvariantCulture, $"past_key_values.{layer}.{kind}"), file, "input").Name);
                present.Add(Require(outputs, string.Create(CultureInfo.InvariantCulture, $"present.{layer}.{kind}"), file, "output").Name);
            }
        }

        var extraPast = inputs.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal)) - past.Count;
        if (extraPast != 0)
        {
            throw new ModelLoadException(
                $"{file}: declares {inputs.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal)) / 2} KV layers but config.json num_hidden_layers is {config.NumLayers}");
        }

        var known = new HashSet<string>(past, StringComparer.Ordinal) { InputsEmbeds, AttentionMask, PositionIds, TokenTypeIds };
        var unknown = inputs.Keys.FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            throw new ModelLoadException($"{file}: declares input '{unknown}' that the engine does not know how to feed");
        }

        var kv = inputs[past[0]];
        var logits = Require(outputs, Logits, file, "output");
        var vocab = logits.Dimensions.Length == 3 ? logits.Dimensions[2] : -1;
        if (vocab > 0 && vocab != config.VocabularySize)
        {
            throw new ModelLoadException($"config.json: vocab_size {config.VocabularySize} but {file} logits have {vocab}");
        }

        return new DecoderSignature(
            embeds.ElementDataType,
            kv.ElementDataType,
            DimOr(kv, 1, config.NumKeyValueHeads),
            DimOr(kv, 3, config.HeadDim),
            inputs.ContainsKey(PositionIds),
            inputs.ContainsKey(TokenTypeIds),
            past,
            present,
            logits.ElementDataType);
    }

    private static NamedMetadata Require(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, string file, string what) =>
        metadata.TryGetValue(name, out var node)
            ? new NamedMetadata(name, node.ElementDataType, node.Dimensions)
            : throw new ModelLoadException($"{file}: {what} '{name}' is missing (declares: {string.Join(", ", metadata.Keys.Take(6))}{(metadata.Count > 6 ? ", ..." : "")})");

    private static int DimOr(NodeMetadata node, int axis, int fallback) =>
        node.Dimensions.Length > axis && node.Dimensions[axis] > 0 ? node.Dimensions[axis] : fallback;

    private sealed record NamedMetadata(string Name, TensorElementType ElementDataType, int[] Dimensions);
}
