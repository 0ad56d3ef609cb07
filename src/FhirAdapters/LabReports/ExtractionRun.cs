using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>The rows, warnings and counts of one extraction while it runs (one instance per call: not shared).</summary>
internal sealed class ExtractionRun(LabDocument document)
{
    private readonly List<LabExtractionRow> rows = [];
    private readonly List<LabExtractionWarning> warnings = [];
    private readonly HashSet<(string Code, int? Page)> warned = [];
    private int rowsRead;
    private int ungrounded;
    private int droppedUngrounded;
    private int disagreeing;
    private int droppedDisagreeing;
    private int pagesFailed;

    public int RepairRetries { get; set; }

    public void AddParserRows(LabDocumentPage page, IReadOnlyList<ExtractedLabRow> parsed)
    {
        if (!page.HasText && page.Images.Count > 0)
        {
            Warn(LabExtractionWarningCodes.PageNeedsModel, page.Number);
        }

        rowsRead += parsed.Count;
        rows.AddRange(parsed.Select(r => new LabExtractionRow(r, LabRowIssues.None)));
    }

    public void AddImageRows(int page, IReadOnlyList<ExtractedLabRow> read)
    {
        rowsRead += read.Count;
        if (read.Count > 0)
        {
            Warn(LabExtractionWarningCodes.RowsFromImages, page);
        }

        // Read from an image: there is no printed text line to cite; the page is in the ROWS_FROM_IMAGES warning.
        rows.AddRange(read.Select(r => new LabExtractionRow(r with { Source = null }, LabRowIssues.NoTextLayer)));
    }

    /// <summary>Keeps, flags or drops a checked model row from a text page, as the options say.</summary>
    public void Consider((ExtractedLabRow Row, LabRowIssues Issues, int Page) checkedRow, LabExtractionOptions settings)
    {
        rowsRead++;
        var (row, issues, _) = checkedRow;
        var page = checkedRow.Page;
        if (issues.HasFlag(LabRowIssues.Ungrounded))
        {
            ungrounded++;
            Warn(LabExtractionWarningCodes.RowsUngrounded, page);
            if (settings.UngroundedRows == LabRowDisposition.Drop)
            {
                droppedUngrounded++;
                return;
            }
        }

        if ((issues & (LabRowIssues.ParserDisagrees | LabRowIssues.NotFoundByParser)) != 0)
        {
            disagreeing++;
            Warn(LabExtractionWarningCodes.RowsDisagreeWithParser, page);
            if (settings.ParserDisagreements == LabRowDisposition.Drop)
            {
                droppedDisagreeing++;
                return;
            }
        }

        rows.Add(new LabExtractionRow(row, issues));
    }

    public void PageFailed(int page)
    {
        pagesFailed++;
        Warn(LabExtractionWarningCodes.ModelOutputInvalid, page);
    }

    public LabExtractionResult ToResult(LabExtractionMethod method, string? modelId, string? promptSha256)
    {
        var textPages = document.TextPageCount;
        var counts = new LabExtractionCounts(
            document.Pages.Count, textPages, document.Pages.Count(p => !p.HasText && p.Images.Count > 0), rowsRead, rows.Count,
            ungrounded, droppedUngrounded, disagreeing, droppedDisagreeing, RepairRetries, pagesFailed);
        return new LabExtractionResult(rows, warnings, counts, method, modelId, promptSha256);
    }

    private void Warn(string code, int? page)
    {
        if (warned.Add((code, page)))
        {
            warnings.Add(new LabExtractionWarning(code, page));
        }
    }
}
