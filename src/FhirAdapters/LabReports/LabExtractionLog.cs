using Microsoft.Extensions.Logging;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>Source-generated log messages of the lab-report pipeline: counts only, never report content.</summary>
internal static partial class LabExtractionLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Lab report extracted ({Method}): {Pages} pages, {RowsRead} rows read, {RowsReturned} returned, {RowsDropped} dropped, {PagesFailed} pages failed")]
    public static partial void Extracted(
        ILogger logger, LabExtractionMethod method, int pages, int rowsRead, int rowsReturned, int rowsDropped, int pagesFailed);
}
