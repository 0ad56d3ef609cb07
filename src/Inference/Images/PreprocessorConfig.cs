using System.Text.Json;

namespace FhirMedGemma.Inference.Images;

/// <summary>The parts of a model directory's <c>preprocessor_config.json</c> (Gemma3ImageProcessor) that shape pixel values.</summary>
public sealed record PreprocessorConfig(int Width, int Height, double RescaleFactor, float[] Mean, float[] Std)
{
    /// <summary>Gemma 3's values: 896×896, ×1/255, mean 0.5 and std 0.5 per channel.</summary>
    public static PreprocessorConfig Gemma3 { get; } = new(896, 896, 1 / 255.0, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    /// <exception cref="ModelLoadException">The file is missing, not JSON, or asks for something this preprocessor does not do.</exception>
    public static PreprocessorConfig Load(string modelDirectory)
    {
        const string File = "preprocessor_config.json";
        var path = Path.Combine(modelDirectory, File);
        if (!System.IO.File.Exists(path))
        {
            throw new ModelLoadException($"{File}: missing");
        }

        try
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            var root = document.RootElement;
            if (root.TryGetProperty("do_pan_and_scan", out var panAndScan) && panAndScan.ValueKind == JsonValueKind.True)
            {
                throw new ModelLoadException($"{File}: do_pan_and_scan=true is not supported");
            }

            if (root.TryGetProperty("resample", out var resample) && resample.GetInt32() != 2)
            {
                throw new ModelLoadException($"{File}: resample {resample.GetInt32()} is not supported (only 2, bilinear)");
            }

            var size = root.GetProperty("size");
            var config = new PreprocessorConfig(
                size.GetProperty("width").GetInt32(),
                size.GetProperty("height").GetInt32(),
                Flag(root, "do_rescale") ? root.GetProperty("rescale_factor").GetDouble() : 1.0,
                Flag(root, "do_normalize") ? ReadTriple(root, "image_mean") : [0f, 0f, 0f],
                Flag(root, "do_normalize") ? ReadTriple(root, "image_std") : [1f, 1f, 1f]);
            if (config.Width <= 0 || config.Height <= 0 || config.Std.Any(s => s == 0f))
            {
                throw new ModelLoadException($"{File}: size must be positive and image_std non-zero");
            }

            return config;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{File}: unreadable ({ex.GetType().Name}); needs size.width/height, rescale_factor, image_mean, image_std", ex);
        }
    }

    private static bool Flag(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.False;

    private static float[] ReadTriple(JsonElement root, string name)
    {
        var values = root.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return values.Length == 3 ? values : throw new ModelLoadException($"preprocessor_config.json: {name} must have 3 values");
    }
}
