using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.LabReports;

/// <summary>The transaction (or transaction-response) Bundle and what the extraction reports about it.</summary>
internal sealed record LabReportResult(
    Bundle Bundle,
    IReadOnlyList<LabMappingResult> Rows,
    IReadOnlyList<string> Warnings,
    LabExtractionCounts Counts,
    bool ModelFree,
    string? ModelId,
    TimeSpan Fetch,
    TimeSpan Prepare,
    TimeSpan Extraction,
    TimeSpan Total)
{
    /// <summary>Rows the extractor read but dropped (ungrounded or disagreeing with the parser).</summary>
    public int DroppedRows => Counts.RowsDroppedUngrounded + Counts.RowsDroppedDisagreeing;
}
