using System.Text.Json;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>The Hugging Face reference outputs of model-fixtures/reference/generation_reference.json.</summary>
internal sealed record ReferenceCase(string Name, int[] InputIds, int[] ExpectedNewIds, string? Image);

internal static class GenerationReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFixtures.ModelReferenceDirectory, "generation_reference.json")));
        return doc.RootElement.Clone();
    });

    public static IReadOnlyList<ReferenceCase> Cases => Root.Value.GetProperty("cases").EnumerateArray()
        .Select(c => new ReferenceCase(
            c.GetProperty("name").GetString()!,
            Ints(c.GetProperty("input_ids")),
            Ints(c.GetProperty("expected_new_ids")),
            c.GetProperty("image").ValueKind == JsonValueKind.String ? c.GetProperty("image").GetString() : null))
        .ToList();

    public static ReferenceCase Case(string name) => Cases.Single(c => c.Name == name);

    public static int MaxNewTokens => Root.Value.GetProperty("max_new_tokens").GetInt32();

    /// <summary>Rows of the left-padded batch with their expected ids, padding removed (the engine pads by itself).</summary>
    public static IReadOnlyList<(int[] PromptIds, int[] ExpectedNewIds)> LeftPaddedBatch()
    {
        var batch = Root.Value.GetProperty("batch_left_padded");
        var ids = batch.GetProperty("input_ids").EnumerateArray().Select(Ints).ToArray();
        var masks = batch.GetProperty("attention_mask").EnumerateArray().Select(Ints).ToArray();
        var expected = batch.GetProperty("expected_new_ids").EnumerateArray().Select(Ints).ToArray();
        return ids.Select((row, i) => (row.Where((_, j) => masks[i][j] == 1).ToArray(), expected[i])).ToList();
    }

    /// <summary>The reference pixel values (float16 on disk, [1, 3, 896, 896]) as float32.</summary>
    public static float[] PixelValues(string image)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoFixtures.ModelReferenceDirectory, image + ".pixel_values.f16"));
        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes);
        var values = new float[halves.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)halves[i];
        }

        return values;
    }

    public static float[] TextShortPrefillLogits()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoFixtures.ModelReferenceDirectory, "text_short.prefill_logits.f32"));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    public static IReadOnlyList<float[]> ImagesOf(ReferenceCase c) => c.Image is null ? [] : [PixelValues(c.Image)];

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
