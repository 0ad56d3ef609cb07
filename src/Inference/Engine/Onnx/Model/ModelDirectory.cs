using System.Text.Json;

namespace FhirMedGemma.Inference.Engine.Onnx.Model;

/// <summary>
/// A MedGemma ONNX export on disk: the files the engine needs and the numbers it reads from the JSON configs. Every
/// problem is a <see cref="ModelLoadException"/> that names the file (relative to the directory) and what is wrong.
/// </summary>
internal sealed class ModelDirectory
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";
    public const string PreprocessorConfigFile = "preprocessor_config.json";
    public const string EmbedTokensFile = "onnx/embed_tokens.onnx";
    public const string VisionEncoderFile = "onnx/vision_encoder.onnx";
    public const string DecoderFile = "onnx/decoder_model_merged.onnx";

    private ModelDirectory(string root, ModelConfig config, IReadOnlyList<int> stopTokenIds, int imageSize, bool hasVision)
    {
        Root = root;
        Config = config;
        StopTokenIds = stopTokenIds;
        ImageSize = imageSize;
        HasVisionEncoder = hasVision;
    }

    public string Root { get; }

    public ModelConfig Config { get; }

    /// <summary>End-of-sequence ids from generation_config.json (falling back to config.json).</summary>
    public IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>Square image side from preprocessor_config.json.</summary>
    public int ImageSize { get; }

    public bool HasVisionEncoder { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Checks that every required file exists and that the configs hold what the engine needs.</summary>
    public static ModelDirectory Open(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Directory.Exists(root))
        {
            throw new ModelLoadException($"{root}: model directory does not exist");
        }

        foreach (var required in new[] { ConfigFile, GenerationConfigFile, PreprocessorConfigFile, EmbedTokensFile, DecoderFile })
        {
            RequireFile(root, required);
        }

        CheckExternalData(root);
        var hasVision = File.Exists(Path.Combine(root, VisionEncoderFile));
        var config = ModelConfig.Parse(ReadJson(root, ConfigFile), ConfigFile);
        var stopIds = ReadStopIds(ReadJson(root, GenerationConfigFile)) ?? config.EosTokenIds;
        if (stopIds.Count == 0)
        {
            throw new ModelLoadException($"{GenerationConfigFile}: eos_token_id is missing (and config.json has none)");
        }

        var imageSize = ReadImageSize(ReadJson(root, PreprocessorConfigFile));
        return new ModelDirectory(Path.GetFullPath(root), config, stopIds, imageSize, hasVision);
    }

    private static void RequireFile(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{relative}: missing");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new ModelLoadException($"{relative}: empty file");
        }
    }

    /// <summary>
    /// Real exports keep weights in <c>*.onnx_data</c> files next to the graph. A truncated or empty one makes ONNX
    /// Runtime fail deep inside session creation, so report it here with its name.
    /// </summary>
    private static void CheckExternalData(string root)
    {
        var onnxDir = Path.Combine(root, "onnx");
        foreach (var data in Directory.EnumerateFiles(onnxDir, "*.onnx_data*"))
        {
            if (new FileInfo(data).Length == 0)
            {
                throw new ModelLoadException($"onnx/{Path.GetFileName(data)}: empty external weight file");
            }
        }
    }

    internal static JsonElement ReadJson(string root, string relative)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, relative));
            using var doc = JsonDocument.Parse(stream);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelLoadException($"{relative}: expected a JSON object");
            }

            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{relative}: not valid JSON (line {ex.LineNumber + 1})", ex);
        }
        catch (IOException ex)
        {
            throw new ModelLoadException($"{relative}: cannot be read", ex);
        }
    }

    private static List<int>? ReadStopIds(JsonElement generation)
    {
        if (!generation.TryGetProperty("eos_token_id", out var eos))
        {
            return null;
        }

        return ModelConfig.ReadIds(eos, GenerationConfigFile, "eos_token_id");
    }

    private static int ReadImageSize(JsonElement preprocessor)
    {
        if (preprocessor.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Object
            && size.TryGetProperty("height", out var h) && size.TryGetProperty("width", out var w)
            && h.TryGetInt32(out var height) && w.TryGetInt32(out var width))
        {
            if (height != width || height <= 0)
            {
                throw new ModelLoadException($"{PreprocessorConfigFile}: size must be a positive square, got {width}x{height}");
            }

            return height;
        }

        throw new ModelLoadException($"{PreprocessorConfigFile}: size.height and size.width are missing");
    }
}
