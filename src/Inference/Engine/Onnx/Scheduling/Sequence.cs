using System.Threading.Channels;
using FhirMedGemma.Inference.Engine.Onnx.Sampling;
using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FhirMedGemma.Inference.Engine.Onnx.Scheduling;

/// <summary>
/// One request inside the scheduler: its generated ids flow to the caller through <see cref="Output"/>. The scheduler
/// thread owns every field except <see cref="IsAbandoned"/>, which the caller sets when it cancels or stops reading.
/// </summary>
internal sealed class Sequence
{
    private readonly Lock _runGate = new();
    private RunOptions? _running;
    private int _abandoned;
    private int _released;
    private bool _finished;

    public Sequence(long id, GenerationRequest request, IReadOnlySet<int> stopIds, int vocabularySize, long admittedAt)
    {
        Id = id;
        Request = request;
        StopIds = stopIds;
        Sampler = new TokenSampler(request.Sampling);
        Logits = new float[vocabularySize];
        AdmittedAt = admittedAt;
    }

    public long Id { get; }

    public GenerationRequest Request { get; }

    public IReadOnlySet<int> StopIds { get; }

    public TokenSampler Sampler { get; }

    /// <summary>Last-position logits of this sequence, refilled every step.</summary>
    public float[] Logits { get; }

    public long AdmittedAt { get; }

    public Channel<int> Output { get; } = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Tokens whose keys and values are in the cache (prompt plus fed-back generated tokens).</summary>
    public int CacheLength { get; set; }

    /// <summary>The token to feed at the next decode step.</summary>
    public int LastToken { get; set; }

    public int Generated { get; set; }

    /// <summary>Row of this sequence in the batch cache.</summary>
    public int Row { get; set; }

    public bool IsAbandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>Marks the sequence as gone; a prefill running for it is terminated inside ONNX Runtime.</summary>
    public void Abandon()
    {
        Volatile.Write(ref _abandoned, 1);
        lock (_runGate)
        {
            if (_running is not null)
            {
                _running.Terminate = true;
            }
        }
    }

    /// <summary>Attaches (or, with null, detaches before disposal) the run options of this sequence's prefill.</summary>
    public void AttachRun(RunOptions? run)
    {
        lock (_runGate)
        {
            _running = run;
            if (run is not null && IsAbandoned)
            {
                run.Terminate = true;
            }
        }
    }

    /// <summary>Completes the output once (scheduler thread): with <paramref name="error"/>, the caller's enumeration throws it.</summary>
    public void Finish(string reason, ILogger logger, TimeProvider time, Exception? error = null)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        Output.Writer.TryComplete(error);
        EngineLog.Finished(logger, Id, reason, Generated, time.GetElapsedTime(AdmittedAt).TotalMilliseconds);
    }

    /// <summary>True exactly once: whoever gets it returns the admission slot.</summary>
    public bool TryRelease() => Interlocked.Exchange(ref _released, 1) == 0;

    /// <summary>
    /// Applies the constraint, picks the next id and records it. Returns why the sequence ended, or null to continue.
    /// A stop id ends the sequence without being emitted.
    /// </summary>
    public string? Advance()
    {
        var constraint = Request.Constraint;
        constraint?.MaskLogits(Logits);
        var id = Sampler.Next(Logits);
        if (StopIds.Contains(id))
        {
            return "stop";
        }

        constraint?.Accept(id);
        LastToken = id;
        Generated++;
        Output.Writer.TryWrite(id);
        if (Generated >= Request.MaxNewTokens)
        {
            return "length";
        }

        return constraint is { IsComplete: true } ? "constraint" : null;
    }
}
