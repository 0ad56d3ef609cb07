using FhirMedGemma.FhirAdapters.Attachments;
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>What processing a lab report produced: the transaction Bundle and what the extraction and mapping saw.</summary>
/// <param name="Transaction">The transaction Bundle: conditional Observation creates, the DiagnosticReport with its
/// <c>result</c> references, and a Provenance when a model read the rows.</param>
/// <param name="Extraction">The extracted rows, warnings and counts.</param>
/// <param name="Mapped">Each returned row with its Observation and LOINC coding.</param>
public sealed record LabReportOutcome(Bundle Transaction, LabExtractionResult Extraction, IReadOnlyList<LabMappingResult> Mapped);

/// <summary>
/// The whole lab-report path: attachments of a DiagnosticReport → pages → rows (model or parser) → Observations →
/// transaction Bundle.
/// </summary>
/// <remarks>Thread-safe. Errors are <see cref="InvalidClinicalInputException"/> with codes; model errors propagate.</remarks>
public sealed class LabReportProcessor(
    AttachmentReader attachments,
    LabDocumentLoader loader,
    LabReportExtractor extractor,
    ObservationMapper mapper,
    LabTransactionBuilder transactions,
    TimeProvider time)
{
    /// <summary>Reads every attachment of <paramref name="report"/> and returns the transaction for its results.</summary>
    /// <param name="report">The report; needs an id or identifier, and a subject unless <paramref name="subjectReference"/> is given.</param>
    /// <param name="subjectReference">Overrides <c>DiagnosticReport.subject</c> (e.g. "Patient/123").</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <exception cref="InvalidClinicalInputException">No subject, or an attachment or PDF fails a check.</exception>
    public async Task<LabReportOutcome> ProcessAsync(DiagnosticReport report, string? subjectReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _ = SubjectOf(report, subjectReference);
        var contents = await attachments.ReadAsync(report, cancellationToken).ConfigureAwait(false);
        return await ProcessAsync(report, contents, subjectReference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every <c>content[].attachment</c> of a DocumentReference and returns the transaction, with a new
    /// DiagnosticReport (same id and identifiers, the document's subject) carrying the results.
    /// </summary>
    /// <exception cref="InvalidClinicalInputException">No subject, or an attachment or PDF fails a check.</exception>
    public Task<LabReportOutcome> ProcessAsync(DocumentReference document, string? subjectReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ProcessAsync(AsDiagnosticReport(document), subjectReference, cancellationToken);
    }

    /// <summary>The DiagnosticReport a DocumentReference's lab report becomes: its attachments as presentedForm.</summary>
    public static DiagnosticReport AsDiagnosticReport(DocumentReference document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DiagnosticReport
        {
            Id = document.Id,
            Identifier = document.Identifier.Select(i => (Identifier)i.DeepCopy()).ToList(),
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            Code = new CodeableConcept { Text = "Laboratory report" },
            Subject = (ResourceReference?)document.Subject?.DeepCopy(),
            PresentedForm = document.Content.Where(c => c.Attachment is not null).Select(c => (Attachment)c.Attachment.DeepCopy()).ToList(),
        };
    }

    /// <summary>Extracts from already-read attachments (the CLI's files) and returns the transaction.</summary>
    /// <exception cref="InvalidClinicalInputException">No subject, or a PDF fails a check.</exception>
    public async Task<LabReportOutcome> ProcessAsync(
        DiagnosticReport report, IReadOnlyList<AttachmentContent> contents, string? subjectReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(contents);
        var subject = SubjectOf(report, subjectReference);
        var pages = new List<LabDocumentPage>();
        foreach (var content in contents)
        {
            var document = loader.Load(content, cancellationToken);
            pages.AddRange(document.Pages.Select(p => p with { Number = pages.Count + p.Number }));
        }

        var extraction = await extractor.ExtractAsync(new LabDocument(pages), cancellationToken).ConfigureAwait(false);
        var model = extraction.Method == LabExtractionMethod.Model ? ModelInfo(extraction.ModelId) : null;
        var context = new LabMappingContext
        {
            SubjectReference = subject,
            SourceReference = report.Id is { Length: > 0 } id ? $"DiagnosticReport/{id}" : null,
            Effective = EffectiveOf(report),
            Issued = time.GetUtcNow(),
            Model = model,
        };

        var mapped = mapper.MapAll(extraction.Rows.Select(r => r.Row), context);
        var provenance = model is null ? null : new LabModelProvenance(model, extraction.PromptSha256!);
        var copy = (DiagnosticReport)report.DeepCopy();
        copy.Subject ??= new ResourceReference(subject);
        return new LabReportOutcome(transactions.Build(copy, mapped, provenance), extraction, mapped);
    }

    private static string SubjectOf(DiagnosticReport report, string? subjectReference)
    {
        var subject = subjectReference ?? report.Subject?.Reference;
        return string.IsNullOrWhiteSpace(subject)
            ? throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.LabReportSubjectMissing, "The DiagnosticReport has no subject to attach the Observations to.",
                OperationOutcome.IssueType.Required, "DiagnosticReport.subject")
            : subject;
    }

    /// <summary>"medgemma-1.5-4b-it:2025-06" → name and version; without a ':' the version is "unspecified".</summary>
    private static LabModelInfo ModelInfo(string? modelId)
    {
        var id = string.IsNullOrWhiteSpace(modelId) ? "MedGemma" : modelId;
        var colon = id.LastIndexOf(':');
        return colon > 0 && colon < id.Length - 1 ? new LabModelInfo(id[..colon], id[(colon + 1)..]) : new LabModelInfo(id, "unspecified");
    }

    private static DateTimeOffset? EffectiveOf(DiagnosticReport report) => report.Effective switch
    {
        FhirDateTime dateTime when dateTime.TryToDateTimeOffset(out var value) => value,
        Period { StartElement: { } start } when start.TryToDateTimeOffset(out var value) => value,
        _ => null,
    };
}
