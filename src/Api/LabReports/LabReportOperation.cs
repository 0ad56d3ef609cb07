using FhirMedGemma.Api.Limits;
using FhirMedGemma.Api.Telemetry;
using FhirMedGemma.Api.Upstream;
using FhirMedGemma.FhirAdapters.LabReports;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.LabReports;

/// <summary>
/// $extract-observations for both protocols: admission, the lab-report pipeline (attachments → rows, by the model or the
/// model-free parser → idempotent Observation transaction), optional posting upstream, metrics and a content-free log.
/// </summary>
internal sealed class LabReportOperation(
    LabReportProcessor processor,
    UpstreamFhirClient upstream,
    WorkAdmission admission,
    ServiceTelemetry telemetry,
    TimeProvider time,
    ILogger<LabReportOperation> logger)
{
    public async Task<(DiagnosticReport Report, TimeSpan FetchTime)> FetchReportAsync(string id, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var report = await upstream.ReadAsync<DiagnosticReport>(id, cancellationToken).ConfigureAwait(false);
        return (report, time.GetElapsedTime(started));
    }

    public async Task<LabReportResult> ExtractAsync(LabReportInput input, TimeSpan fetchTime, CancellationToken cancellationToken)
    {
        using var activity = ServiceTelemetry.ActivitySource.StartActivity("extract-observations");
        var started = time.GetTimestamp();
        using var lease = await admission.EnterAsync(cancellationToken).ConfigureAwait(false);

        var outcome = await processor.ProcessAsync(input.Report, input.PatientReference, cancellationToken).ConfigureAwait(false);
        var extracted = time.GetElapsedTime(started);
        var bundle = input.Persist
            ? await upstream.TransactionAsync(outcome.Transaction, cancellationToken).ConfigureAwait(false)
            : outcome.Transaction;

        var extraction = outcome.Extraction;
        var warnings = extraction.Warnings.Select(w => w.Page is { } page ? $"{w.Code} (page {page})" : w.Code)
            .Concat(outcome.Mapped.SelectMany(r => r.Warnings).Select(w => w.Code.ToString()).Distinct(StringComparer.Ordinal))
            .ToList();
        var modelFree = extraction.Method == LabExtractionMethod.ModelFree;
        var total = time.GetElapsedTime(started) + fetchTime;
        telemetry.RecordRequest("extract-observations", input.Surface, "ok", total);
        Log.ExtractionDone(logger, "extract-observations", input.Surface, outcome.Mapped.Count, warnings.Count, modelFree, (long)total.TotalMilliseconds);
        activity?.SetTag("fhirmedgemma.rows", outcome.Mapped.Count);
        return new LabReportResult(bundle, outcome.Mapped, warnings, extraction.Counts, modelFree, extraction.ModelId,
            fetchTime, TimeSpan.Zero, extracted, total);
    }
}
