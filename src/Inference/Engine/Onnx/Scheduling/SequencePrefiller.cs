using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FhirMedGemma.Inference.Engine.Onnx.Scheduling;

/// <summary>
/// Runs one admitted sequence's prompt (batch 1) and picks its first token. Returns the sequence's KV cache when it
/// should join the decode batch, or null when it already ended (stop id, one-token limit, cancelled, failed).
/// </summary>
internal sealed class SequencePrefiller(ModelRunner runner, EngineMetrics metrics, ILogger logger, TimeProvider time)
{
    public KvCache? Prefill(Sequence sequence)
    {
        if (sequence.IsAbandoned)
        {
            sequence.Finish("cancelled", logger, time);
            return null;
        }

        KvCache cache;
        var started = time.GetTimestamp();

        // Options of this run alone: a caller who cancels sets Terminate and ONNX Runtime stops inside the prefill.
        using (var run = new RunOptions())
        {
            sequence.AttachRun(run);
            try
            {
                cache = runner.Prefill(sequence.Request.PromptIds, sequence.Request.Images, sequence.Logits, run);
            }
            catch (OnnxRuntimeException) when (sequence.IsAbandoned)
            {
                sequence.Finish("cancelled", logger, time);
                return null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sequence.Finish("error", logger, time, ex);
                return null;
            }
            finally
            {
                sequence.AttachRun(null);
            }
        }

        var elapsed = time.GetElapsedTime(started);
        var promptTokens = sequence.Request.PromptIds.Count;
        metrics.Prefill(elapsed, promptTokens);
        EngineLog.Prefilled(logger, sequence.Id, promptTokens, elapsed.TotalMilliseconds);
        if (sequence.IsAbandoned)
        {
            cache.Dispose();
            sequence.Finish("cancelled", logger, time);
            return null;
        }

        sequence.CacheLength = promptTokens;
        var ended = sequence.Advance();
        metrics.TokensGenerated(sequence.Generated);
        metrics.TimeToFirstToken(time.GetElapsedTime(sequence.AdmittedAt));
        if (ended is not null)
        {
            cache.Dispose();
            sequence.Finish(ended, logger, time);
            return null;
        }

        return cache;
    }
}
