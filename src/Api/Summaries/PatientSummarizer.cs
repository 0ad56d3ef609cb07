using System.Runtime.CompilerServices;
using System.Text;
using FhirMedGemma.Api.Health;
using FhirMedGemma.Api.Limits;
using FhirMedGemma.Api.Telemetry;
using FhirMedGemma.FhirAdapters.Flattening;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Summaries;

/// <summary>
/// Summarizes one patient record: flatten, generate (or render model-free), check citations, build the FHIR output,
/// optionally persist. One streaming code path serves the unary and streaming APIs of both protocols.
/// </summary>
internal sealed class PatientSummarizer(
    BundleFlattener flattener,
    InferenceStatus inference,
    WorkAdmission admission,
    SummaryDocumentBuilder documents,
    SummaryPersistence persistence,
    ServiceTelemetry telemetry,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<PatientSummarizer> logger)
{
    public async Task<SummaryResult> SummarizeAsync(SummaryInput input, CancellationToken cancellationToken)
    {
        await foreach (var item in StreamAsync(input, cancellationToken).ConfigureAwait(false))
        {
            if (item is SummaryEvent.Completed done)
            {
                return done.Result;
            }
        }

        throw new InvalidOperationException("The summary stream ended without a result.");
    }

    public async IAsyncEnumerable<SummaryEvent> StreamAsync(SummaryInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = ServiceTelemetry.ActivitySource.StartActivity("summarize");
        var started = time.GetTimestamp();
        using var lease = await admission.EnterAsync(cancellationToken).ConfigureAwait(false);

        var request = FlatteningRequest.FromBundle(input.Record);
        var record = flattener.Flatten(inference.ModelFree ? request : request with { TokenBudget = inference.RecordTokenBudget });
        var prepared = time.GetElapsedTime(started);
        var generation = new GenerationTrace(time);
        string text;
        if (inference.ChatClient is { } model)
        {
            var builder = new StringBuilder();
            await foreach (var update in model.GetStreamingResponseAsync(SummaryPrompt.Create(record, input.Focus), ChatOptions(input), cancellationToken)
                .ConfigureAwait(false))
            {
                generation.Observe(update);
                if (update.Text is { Length: > 0 } chunk)
                {
                    builder.Append(chunk);
                    yield return new SummaryEvent.Chunk(chunk);
                }
            }

            text = builder.ToString();
        }
        else
        {
            text = ModelFreeSummary.Render(record);
            yield return new SummaryEvent.Chunk(text);
        }

        generation.Stop();
        var check = inference.ModelFree ? CitationFilter.Collect(text, record.Citations) : CitationFilter.Check(text, record.Citations);
        var (document, provenance) = documents.Build(check.Text, record.PatientReference, check.Kept, inference.ModelFree, inference.ModelId);
        var persistedId = input.Persist ? await persistence.PersistAsync(document, provenance, cancellationToken).ConfigureAwait(false) : null;

        var total = time.GetElapsedTime(started) + input.FetchTime;
        telemetry.RecordGeneration(generation.TimeToFirstToken, generation.OutputTokens, generation.Elapsed);
        telemetry.RecordRemovedCitations(check.Removed);
        telemetry.RecordRequest("summarize", input.Surface, "ok", total);
        Log.SummaryDone(logger, "summarize", input.Surface, check.Kept.Count, check.Removed, inference.ModelFree, (long)total.TotalMilliseconds);
        activity?.SetTag("fhirmedgemma.citations.removed", check.Removed);

        yield return new SummaryEvent.Completed(new SummaryResult
        {
            Summary = check.Text,
            Document = document,
            Provenance = provenance,
            Citations = check.Kept,
            RemovedCitations = check.Removed,
            ModelFree = inference.ModelFree,
            ModelId = inference.ModelId,
            InputTokens = generation.InputTokens,
            OutputTokens = generation.OutputTokens,
            Timings = new SummaryTimings(input.FetchTime, prepared, generation.Elapsed, generation.TimeToFirstToken, total),
            PersistedDocumentReferenceId = persistedId,
            Warnings = Warnings(record, check),
        });
    }

    private ChatOptions ChatOptions(SummaryInput input)
    {
        var cap = limits.Value.MaxSummaryTokens;
        return new ChatOptions { MaxOutputTokens = input.MaxOutputTokens is > 0 and var asked ? Math.Min(asked, cap) : cap };
    }

    private static List<string> Warnings(FlattenedRecord record, CitationCheck check)
    {
        var warnings = new List<string>();
        if (check.Removed > 0)
        {
            warnings.Add($"CITATIONS_REMOVED: {check.Removed} citation(s) to keys absent from the record were removed.");
        }

        if (record.LinesOmittedByBudget > 0)
        {
            warnings.Add($"RECORD_TRUNCATED: {record.LinesOmittedByBudget} older fact line(s) were left out to fit the prompt budget.");
        }

        return warnings;
    }

    /// <summary>Measures time to first token, generation time and token usage from the stream itself.</summary>
    private sealed class GenerationTrace(TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();
        private TimeSpan? _stopped;

        public TimeSpan? TimeToFirstToken { get; private set; }

        public long InputTokens { get; private set; }

        public long OutputTokens { get; private set; }

        public TimeSpan Elapsed => _stopped ?? time.GetElapsedTime(_start);

        public void Observe(ChatResponseUpdate update)
        {
            if (TimeToFirstToken is null && !string.IsNullOrEmpty(update.Text))
            {
                TimeToFirstToken = time.GetElapsedTime(_start);
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                InputTokens = usage.Details.InputTokenCount ?? InputTokens;
                OutputTokens = usage.Details.OutputTokenCount ?? OutputTokens;
            }
        }

        public void Stop() => _stopped = time.GetElapsedTime(_start);
    }
}
