using System.Diagnostics;
using System.Diagnostics.Metrics;
using FhirMedGemma.Api.Limits;

namespace FhirMedGemma.Api.Telemetry;

/// <summary>
/// The service's meter and activity source. Tags are low-cardinality (operation, surface, outcome); no ids, no patient data.
/// </summary>
internal sealed class ServiceTelemetry : IDisposable
{
    public const string MeterName = "FhirMedGemma.Api";
    public const string ActivitySourceName = "FhirMedGemma.Api";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _tokensPerSecond;
    private readonly Counter<long> _removedCitations;

    public ServiceTelemetry(IMeterFactory meterFactory, WorkAdmission admission)
    {
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("fhirmedgemma.requests", "{request}", "Operations handled, by operation, surface and outcome.");
        _duration = _meter.CreateHistogram<double>("fhirmedgemma.request.duration", "s", "Duration of operations.");
        _timeToFirstToken = _meter.CreateHistogram<double>("fhirmedgemma.generation.time_to_first_token", "s", "Time from generation start to the first token.");
        _tokensPerSecond = _meter.CreateHistogram<double>("fhirmedgemma.generation.tokens_per_second", "{token}/s", "Output tokens per second of generation.");
        _removedCitations = _meter.CreateCounter<long>("fhirmedgemma.summary.removed_citations", "{citation}", "Citations to keys absent from the record, removed.");
        _meter.CreateObservableGauge("fhirmedgemma.admission.queue_depth", () => admission.QueuedCount, "{request}", "Operations waiting for a slot.");
        _meter.CreateObservableGauge("fhirmedgemma.admission.active", () => admission.ActiveCount, "{request}", "Operations running.");
    }

    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    public void RecordRequest(string operation, string surface, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "surface", surface }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordGeneration(TimeSpan? timeToFirstToken, long outputTokens, TimeSpan generation)
    {
        if (timeToFirstToken is { } ttft)
        {
            _timeToFirstToken.Record(ttft.TotalSeconds);
        }

        if (outputTokens > 0 && generation > TimeSpan.Zero)
        {
            _tokensPerSecond.Record(outputTokens / generation.TotalSeconds);
        }
    }

    public void RecordRemovedCitations(int count)
    {
        if (count > 0)
        {
            _removedCitations.Add(count);
        }
    }

    public void Dispose() => _meter.Dispose();
}
