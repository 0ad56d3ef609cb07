using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Health;
using FhirMedGemma.Api.Limits;
using FhirMedGemma.Api.Telemetry;
using FhirMedGemma.Api.Upstream;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.LabReports;

/// <summary>
/// $extract-observations: read the report's document, extract rows (model, or the model-free parser), map them to US Core
/// Observations in an idempotent transaction, optionally post it upstream. Shared by REST and gRPC.
/// </summary>
internal sealed class LabReportOperation(
    AttachmentReader attachments,
    LabDocumentLoader loader,
    LabReportExtractor extractor,
    ObservationMapper mapper,
    LabTransactionBuilder transactions,
    UpstreamFhirClient upstream,
    InferenceMode inference,
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

        var report = WithSubject(input.Report, input.PatientReference);
        // The first readable form is the report; further forms are renditions of the same document.
        var forms = await attachments.ReadAsync(report, cancellationToken).ConfigureAwait(false);
        var content = forms.Count > 0 ? forms[0] : throw new InvalidClinicalInputException(FhirAdapterErrorCodes.NoLabReportAttachment,
                "The DiagnosticReport has no presentedForm attachment to read.", OperationOutcome.IssueType.Required, "DiagnosticReport.presentedForm");
        var document = loader.Load(content, cancellationToken);
        var prepared = time.GetElapsedTime(started);

        var extraction = await extractor.ExtractAsync(document, cancellationToken).ConfigureAwait(false);
        var extracted = time.GetElapsedTime(started) - prepared;
        var model = extraction.ModelId is { } id ? new LabModelInfo(id, inference.Name) : null;
        var rows = mapper.MapAll(extraction.Rows.Select(r => r.Row), new LabMappingContext
        {
            SubjectReference = report.Subject!.Reference!,
            SourceReference = report.Id is { } reportId ? $"DiagnosticReport/{reportId}" : null,
            Effective = (report.Effective as FhirDateTime)?.ToDateTimeOffset(TimeSpan.Zero),
            Issued = report.Issued,
            Model = model,
        });
        var provenance = model is not null && extraction.PromptSha256 is { } hash ? new LabModelProvenance(model, hash) : null;
        var bundle = transactions.Build(report, rows, provenance);
        if (input.Persist)
        {
            bundle = await upstream.TransactionAsync(bundle, cancellationToken).ConfigureAwait(false);
        }

        var warnings = extraction.Warnings.Select(w => w.Page is { } page ? $"{w.Code} (page {page})" : w.Code)
            .Concat(rows.SelectMany(r => r.Warnings).Select(w => w.Code.ToString()).Distinct(StringComparer.Ordinal))
            .ToList();
        var total = time.GetElapsedTime(started) + fetchTime;
        telemetry.RecordRequest("extract-observations", input.Surface, "ok", total);
        Log.ExtractionDone(logger, "extract-observations", input.Surface, rows.Count, warnings.Count, model is null, (long)total.TotalMilliseconds);
        return new LabReportResult(bundle, rows, warnings, extraction.Counts, model is null, model?.Name, fetchTime, prepared, extracted, total);
    }

    private static DiagnosticReport WithSubject(DiagnosticReport report, string? patientReference)
    {
        if (!string.IsNullOrWhiteSpace(patientReference))
        {
            var copy = (DiagnosticReport)report.DeepCopy();
            copy.Subject = new ResourceReference(patientReference);
            return copy;
        }

        return report.Subject?.Reference is { Length: > 0 } ? report : throw new ServiceException(ErrorKind.BadRequest,
            ServiceErrorCodes.InvalidRequest, "The DiagnosticReport has no subject; pass a patient reference.", "DiagnosticReport.subject");
    }
}
