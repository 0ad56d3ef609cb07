namespace FhirMedGemma.Inference;

/// <summary>Which model, if any, backs the service's <c>IChatClient</c>.</summary>
public enum InferenceMode
{
    /// <summary>No model: no IChatClient is registered and the service runs model-free.</summary>
    None,

    /// <summary>MedGemma runs in this process on ONNX Runtime from <see cref="MedGemmaInferenceOptions.ModelDirectory"/>.</summary>
    InProcess,

    /// <summary>A remote OpenAI-compatible server (vLLM, TGI, llama.cpp server) hosts the model.</summary>
    Remote,
}

/// <summary>The <c>Inference</c> configuration section (see docs/inference.md).</summary>
public sealed class MedGemmaInferenceOptions
{
    public const string SectionName = "Inference";

    public InferenceMode Mode { get; set; } = InferenceMode.None;

    /// <summary>The MedGemma export directory (InProcess): config.json, tokenizer, preprocessor_config.json, onnx/.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Name reported in responses and Provenance; default: the directory name (InProcess) or Remote:Model.</summary>
    public string? ModelId { get; set; }

    public RemoteInferenceOptions Remote { get; set; } = new();

    /// <summary>The model name to report, after defaults.</summary>
    public string? EffectiveModelId => !string.IsNullOrWhiteSpace(ModelId) ? ModelId
        : Mode == InferenceMode.Remote ? Remote.Model
        : Mode == InferenceMode.InProcess && !string.IsNullOrWhiteSpace(ModelDirectory) ? new DirectoryInfo(ModelDirectory).Name
        : null;
}

/// <summary>The <c>Inference:Remote</c> section: an OpenAI-compatible chat completions server.</summary>
public sealed class RemoteInferenceOptions
{
    /// <summary>Base URL including the API version path, e.g. <c>http://vllm:8000/v1</c>; "chat/completions" is appended.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the server serves, e.g. <c>google/medgemma-4b-it</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Bearer key; may be empty for servers started without one (vLLM's default).</summary>
    public string? ApiKey { get; set; }
}
