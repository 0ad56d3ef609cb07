using System.Collections.Concurrent;
using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using Microsoft.Extensions.Logging;

namespace FhirMedGemma.Inference.Engine.Onnx.Scheduling;

/// <summary>
/// Continuous batching on one thread that owns the model: each turn it drops sequences that finished or were abandoned,
/// prefills waiting ones (up to the slot limit) and lets them join, then runs one decode step for the whole batch.
/// The batch KV cache is repacked only when membership changes; otherwise the decoder's outputs are its next inputs.
/// </summary>
internal sealed class BatchScheduler : IDisposable
{
    private readonly ModelRunner _runner;
    private readonly int _maxActive;
    private readonly EngineMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Sequence> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<Sequence> _active = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private readonly SequencePrefiller _prefiller;
    private KvCache? _cache;

    public BatchScheduler(ModelRunner runner, int maxActive, EngineMetrics metrics, ILogger logger, TimeProvider time)
    {
        _runner = runner;
        _maxActive = maxActive;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _prefiller = new SequencePrefiller(runner, metrics, logger, time);
        _thread = new Thread(Run) { IsBackground = true, Name = "FhirMedGemma engine scheduler" };
        _thread.Start();
    }

    /// <summary>Called by a caller's thread: queues an admitted sequence for prefill.</summary>
    public void Enqueue(Sequence sequence)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        _pending.Enqueue(sequence);
        _metrics.Queued(1);
        _wake.Release();
    }

    /// <summary>Wakes the loop so an abandoned sequence leaves the batch before the next step.</summary>
    public void Nudge()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // The engine is shutting down; every sequence is being completed anyway.
        }
    }

    private void Run()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var leaving = _active.Where(s => s.IsAbandoned).ToList();
                foreach (var sequence in leaving)
                {
                    Finish(sequence, "cancelled");
                }

                var left = _active.RemoveAll(leaving.Contains);
                _metrics.Active(-left);
                var joiners = AdmitPending();
                if (left > 0 || joiners.Count > 0)
                {
                    Rebuild(joiners);
                    _metrics.Active(joiners.Count);
                }

                if (_active.Count == 0)
                {
                    _wake.Wait(token);
                    continue;
                }

                DecodeStep();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                FailActive(ex);
            }
        }

        FailAll(new ObjectDisposedException(nameof(OnnxGenerationEngine), "The engine was disposed."));
    }

    /// <summary>Prefills waiting sequences while slots are free; each gets its first token from its prefill.</summary>
    private List<(Sequence Sequence, KvCache Cache)> AdmitPending()
    {
        var joiners = new List<(Sequence, KvCache)>();
        while (_active.Count + joiners.Count < _maxActive && _pending.TryDequeue(out var sequence))
        {
            _metrics.Queued(-1);
            if (_prefiller.Prefill(sequence) is { } cache)
            {
                joiners.Add((sequence, cache));
            }
        }

        return joiners;
    }

    /// <summary>Builds the batch cache for the surviving rows plus the joiners (left-padded to the longest).</summary>
    private void Rebuild(List<(Sequence Sequence, KvCache Cache)> joiners)
    {
        var old = _cache;
        if (_active.Count == 0 && joiners.Count == 1)
        {
            // A lone sequence keeps its prefill cache as it is: no copy at all.
            _cache = joiners[0].Cache;
        }
        else if (_active.Count + joiners.Count == 0)
        {
            _cache = null;
        }
        else
        {
            var rows = _active.Select(s => new KvRow(old!, s.Row, s.CacheLength))
                .Concat(joiners.Select(j => new KvRow(j.Cache, 0, j.Sequence.CacheLength)))
                .ToList();
            try
            {
                _cache = _runner.Repacker.Repack(rows, _runner.Decoder.PastNames.Count);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The joiners are in no list yet: end them here, the caller fails the running batch.
                foreach (var (sequence, _) in joiners)
                {
                    Finish(sequence, "error", ex);
                }

                throw;
            }
            finally
            {
                foreach (var (_, cache) in joiners)
                {
                    cache.Dispose();
                }
            }
        }

        if (!ReferenceEquals(old, _cache))
        {
            old?.Dispose();
        }

        _active.AddRange(joiners.Select(j => j.Sequence));
        for (var row = 0; row < _active.Count; row++)
        {
            _active[row].Row = row;
        }
    }

    private void DecodeStep()
    {
        var batch = _active.Count;
        var tokens = new int[batch];
        var lengths = new int[batch];
        var logits = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            tokens[b] = _active[b].LastToken;
            lengths[b] = _active[b].CacheLength;
            logits[b] = _active[b].Logits;
        }

        var started = _time.GetTimestamp();
        var next = _runner.Decode(_cache!, tokens, lengths, logits);
        _cache!.Dispose();
        _cache = next;
        _metrics.DecodeStep(_time.GetElapsedTime(started), batch);
        var emitted = 0;

        foreach (var sequence in _active)
        {
            sequence.CacheLength++;
            if (sequence.IsAbandoned)
            {
                continue;
            }

            var before = sequence.Generated;
            var ended = sequence.Advance();
            emitted += sequence.Generated - before;
            if (ended is not null)
            {
                // Leaves the batch at the top of the next turn, before any other step runs.
                Finish(sequence, ended);
                sequence.Abandon();
            }
        }

        _metrics.TokensGenerated(emitted);
    }

    private void Finish(Sequence sequence, string reason, Exception? error = null) => sequence.Finish(reason, _logger, _time, error);

    private void FailActive(Exception error)
    {
        EngineLog.StepFailed(_logger, error, _active.Count);
        foreach (var sequence in _active)
        {
            Finish(sequence, "error", error);
        }

        _metrics.Active(-_active.Count);
        _active.Clear();
        _cache?.Dispose();
        _cache = null;
    }

    private void FailAll(Exception error)
    {
        foreach (var sequence in _active)
        {
            Finish(sequence, "disposed", error);
        }

        _metrics.Active(-_active.Count);
        _active.Clear();
        while (_pending.TryDequeue(out var sequence))
        {
            _metrics.Queued(-1);
            Finish(sequence, "disposed", error);
        }

        _cache?.Dispose();
        _cache = null;
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _wake.Release();
        _thread.Join();
        _stopping.Dispose();
        _wake.Dispose();
    }
}
