using System.Runtime.CompilerServices;
using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using FhirMedGemma.Inference.Engine.Onnx.Model;
using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using FhirMedGemma.Inference.Engine.Onnx.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirMedGemma.Inference.Engine.Onnx;

/// <summary>
/// <see cref="IGenerationEngine"/> on ONNX Runtime for a MedGemma (Gemma 3) export directory: prefill with image
/// features, KV-cached decoding with continuous batching, greedy or seeded sampling, token constraints, streaming.
/// </summary>
public sealed class OnnxGenerationEngine : IGenerationEngine
{
    private readonly ModelRunner _runner;
    private readonly BatchScheduler _scheduler;
    private readonly RequestValidator _validator;
    private readonly EngineMetrics _metrics;
    private readonly bool _ownsMetrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HashSet<int> _modelStopIds;
    private readonly int _admissionLimit;
    private int _inFlight;
    private long _nextSequenceId;
    private int _disposed;

    private OnnxGenerationEngine(OnnxEngineOptions options, ModelRunner runner, EngineMetrics metrics, bool ownsMetrics, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _runner = runner;
        _metrics = metrics;
        _ownsMetrics = ownsMetrics;
        _time = time;
        _logger = loggerFactory.CreateLogger<OnnxGenerationEngine>();
        var directory = runner.Directory;
        Model = new ModelDescriptor(
            ModelId: string.IsNullOrWhiteSpace(options.ModelId) ? new DirectoryInfo(directory.Root).Name : options.ModelId,
            VocabularySize: directory.Config.VocabularySize,
            StopTokenIds: directory.StopTokenIds,
            MaxPromptTokens: options.MaxPromptTokens,
            SupportsImages: runner.SupportsImages,
            ImageSize: directory.ImageSize,
            ImageTokenId: directory.Config.ImageTokenId,
            TokensPerImage: directory.Config.TokensPerImage);
        _modelStopIds = [.. directory.StopTokenIds];
        _validator = new RequestValidator(Model, options.MaxNewTokensLimit);
        _admissionLimit = options.MaxConcurrentSequences + options.MaxQueuedRequests;
        _scheduler = new BatchScheduler(runner, options.MaxConcurrentSequences, metrics, _logger, time);
    }

    /// <inheritdoc />
    public ModelDescriptor Model { get; }

    /// <summary>Loads the model directory and starts the scheduler.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="NotSupportedException">CUDA was requested on a CPU build.</exception>
    /// <exception cref="ModelLoadException">A file of the model directory is missing or wrong (the message names it).</exception>
    public static OnnxGenerationEngine Create(OnnxEngineOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null) =>
        Create(options, metrics: null, loggerFactory, time);

    /// <summary>As <see cref="Create(OnnxEngineOptions, ILoggerFactory?, TimeProvider?)"/>, recording on the given metrics.</summary>
    public static OnnxGenerationEngine Create(OnnxEngineOptions options, EngineMetrics? metrics, ILoggerFactory? loggerFactory, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OnnxSessionFactory.EnsureProviderAvailable(options.ExecutionProvider);
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var started = time.GetTimestamp();
        var directory = ModelDirectory.Open(options.ModelDirectory!);
        var runner = new ModelRunner(directory, options);
        var engine = new OnnxGenerationEngine(options, runner, metrics ?? new EngineMetrics(), metrics is null, loggerFactory, time);
        EngineLog.ModelLoaded(engine._logger, engine.Model.ModelId, directory.Config.NumLayers, directory.Config.VocabularySize,
            runner.Decoder.KvType.ToString(), runner.SupportsImages, options.ExecutionProvider.ToString(),
            (long)time.GetElapsedTime(started).TotalMilliseconds);
        return engine;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<int> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StreamAsync(request, cancellationToken);
    }

    /// <summary>Every error (bad request, capacity) surfaces on the first MoveNextAsync, like any async iterator.</summary>
    private async IAsyncEnumerable<int> StreamAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        _validator.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        var sequence = Admit(request);
        try
        {
            // ReadAllAsync hands out buffered ids without looking at the token; check it so nothing arrives after a cancel.
            await foreach (var id in sequence.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return id;
            }
        }
        finally
        {
            // Cancelled, stopped enumerating, or done: the slot is free now; the scheduler drops the KV rows before its next step.
            sequence.Abandon();
            if (sequence.TryRelease())
            {
                Interlocked.Decrement(ref _inFlight);
            }

            if (Volatile.Read(ref _disposed) == 0)
            {
                _scheduler.Nudge();
            }
        }
    }

    private Sequence Admit(GenerationRequest request)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > _admissionLimit)
        {
            Interlocked.Decrement(ref _inFlight);
            _metrics.Rejected();
            EngineLog.Rejected(_logger, inFlight - 1, _admissionLimit);
            throw new CapacityExceededException(
                $"All {_admissionLimit} generation slots and queue places are taken; retry later.", TimeSpan.FromSeconds(1));
        }

        var stopIds = request.StopTokenIds is { Count: > 0 } extra ? new HashSet<int>(_modelStopIds.Concat(extra)) : _modelStopIds;
        var sequence = new Sequence(Interlocked.Increment(ref _nextSequenceId), request, stopIds, Model.VocabularySize, _time.GetTimestamp());
        try
        {
            _scheduler.Enqueue(sequence);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        return sequence;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _scheduler.Dispose();
            _runner.Dispose();
            if (_ownsMetrics)
            {
                _metrics.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }
}
