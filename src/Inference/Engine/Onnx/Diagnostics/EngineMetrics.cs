using System.Diagnostics.Metrics;

namespace FhirMedGemma.Inference.Engine.Onnx.Diagnostics;

/// <summary>
/// The engine's OpenTelemetry instruments on meter <c>FhirMedGemma.Inference</c>: queue depth, active sequences,
/// generated tokens, time to first token, prefill and decode-step durations. Counts and timings only, never content.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to (OpenTelemetry <c>AddMeter</c>).</summary>
    public const string MeterName = "FhirMedGemma.Inference";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _queueDepth;
    private readonly UpDownCounter<long> _activeSequences;
    private readonly Counter<long> _tokensGenerated;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _prefillDuration;
    private readonly Histogram<double> _decodeStepDuration;

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> (DI) or on a private meter.</summary>
    public EngineMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _queueDepth = _meter.CreateUpDownCounter<long>("fhirmedgemma.inference.engine.queue_depth", "{request}", "Requests waiting for a decode slot.");
        _activeSequences = _meter.CreateUpDownCounter<long>("fhirmedgemma.inference.engine.active_sequences", "{sequence}", "Sequences in the running decode batch.");
        _tokensGenerated = _meter.CreateCounter<long>("fhirmedgemma.inference.engine.tokens_generated", "{token}", "Tokens generated.");
        _rejected = _meter.CreateCounter<long>("fhirmedgemma.inference.engine.rejected_requests", "{request}", "Requests refused because slots and queue were full.");
        _timeToFirstToken = _meter.CreateHistogram<double>("fhirmedgemma.inference.engine.time_to_first_token", "s", "From admission to the first generated token.");
        _prefillDuration = _meter.CreateHistogram<double>("fhirmedgemma.inference.engine.prefill_duration", "s", "Prefill of one prompt.");
        _decodeStepDuration = _meter.CreateHistogram<double>("fhirmedgemma.inference.engine.decode_step_duration", "s", "One batched decode step.");
    }

    internal void Queued(int delta) => _queueDepth.Add(delta);

    internal void Active(int delta) => _activeSequences.Add(delta);

    internal void TokensGenerated(int count) => _tokensGenerated.Add(count);

    internal void Rejected() => _rejected.Add(1);

    internal void TimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds);

    internal void Prefill(TimeSpan elapsed, int promptTokens) =>
        _prefillDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("prompt_tokens_bucket", Bucket(promptTokens)));

    internal void DecodeStep(TimeSpan elapsed, int batchSize) =>
        _decodeStepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("batch_size", batchSize));

    /// <summary>Power-of-two bucket keeps the tag's cardinality small.</summary>
    private static int Bucket(int tokens) => tokens <= 1 ? 1 : 1 << (32 - int.LeadingZeroCount(tokens - 1));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
