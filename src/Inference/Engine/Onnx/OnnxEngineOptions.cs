using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Inference.Engine.Onnx;

/// <summary>Where the ONNX Runtime engine runs its graphs.</summary>
public enum EngineExecutionProvider
{
    /// <summary>The CPU execution provider (always available).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs a build with <c>-p:UseOnnxRuntimeGpu=true</c>.</summary>
    Cuda,
}

/// <summary>Settings of the in-process ONNX Runtime engine (configuration section <c>Inference:Engine</c>).</summary>
public sealed class OnnxEngineOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string SectionName = "Inference:Engine";

    /// <summary>The MedGemma ONNX export directory. Falls back to <c>Inference:ModelDirectory</c> when unset.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Name reported for the loaded model; the directory name when unset.</summary>
    public string? ModelId { get; set; }

    /// <summary>CPU (default) or CUDA.</summary>
    public EngineExecutionProvider ExecutionProvider { get; set; } = EngineExecutionProvider.Cpu;

    /// <summary>The CUDA device ordinal when <see cref="ExecutionProvider"/> is CUDA.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    [Range(0, 1024)]
    public int IntraOpNumThreads { get; set; }

    /// <summary>Sequences decoded together in one batch; more wait in the queue.</summary>
    [Range(1, 256)]
    public int MaxConcurrentSequences { get; set; } = 8;

    /// <summary>Requests that may wait for a slot; one more is refused with <see cref="CapacityExceededException"/>.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; set; } = 32;

    /// <summary>Longest prompt accepted, in tokens (image soft tokens included).</summary>
    [Range(1, 1_048_576)]
    public int MaxPromptTokens { get; set; } = 8192;

    /// <summary>
    /// Prompt tokens per decoder run during prefill; longer prompts run in chunks over the growing KV cache. Exports that
    /// return logits for every position (the fixture, most community exports) write chunk × vocab floats per run, so this
    /// bounds that buffer (256 × 262,208 × 4 B ≈ 268 MB) and keeps it under ONNX Runtime's 2 GiB span. An image's soft
    /// tokens are never split across chunks (they attend to each other both ways).
    /// </summary>
    [Range(16, 1_048_576)]
    public int PrefillChunkTokens { get; set; } = 256;

    /// <summary>Upper bound for <see cref="GenerationRequest.MaxNewTokens"/>.</summary>
    [Range(1, 1_048_576)]
    public int MaxNewTokensLimit { get; set; } = 8192;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range (for use without DI).</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException($"{SectionName}: {results[0].ErrorMessage}");
        }

        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ArgumentException($"{SectionName}:ModelDirectory (or Inference:ModelDirectory) is required.");
        }
    }
}
