using Microsoft.Extensions.Logging;

namespace FhirMedGemma.Inference.Engine.Onnx.Diagnostics;

/// <summary>The engine's log lines: ids, counts and timings only (never prompt or output content).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Information,
        "Loaded model {ModelId}: {Layers} layers, vocabulary {Vocabulary}, KV {KvType}, images {SupportsImages}, provider {Provider}, load {ElapsedMs} ms")]
    public static partial void ModelLoaded(ILogger logger, string modelId, int layers, int vocabulary, string kvType, bool supportsImages, string provider, long elapsedMs);

    [LoggerMessage(2, LogLevel.Debug, "Sequence {SequenceId} prefilled {PromptTokens} tokens in {ElapsedMs} ms")]
    public static partial void Prefilled(ILogger logger, long sequenceId, int promptTokens, double elapsedMs);

    [LoggerMessage(3, LogLevel.Debug, "Sequence {SequenceId} finished ({Reason}) after {Generated} tokens in {ElapsedMs} ms")]
    public static partial void Finished(ILogger logger, long sequenceId, string reason, int generated, double elapsedMs);

    [LoggerMessage(4, LogLevel.Warning, "Request refused: {InFlight} sequences in flight, limit {Limit}")]
    public static partial void Rejected(ILogger logger, int inFlight, int limit);

    [LoggerMessage(5, LogLevel.Error, "Engine step failed; {Sequences} sequences ended with an error")]
    public static partial void StepFailed(ILogger logger, Exception exception, int sequences);
}
