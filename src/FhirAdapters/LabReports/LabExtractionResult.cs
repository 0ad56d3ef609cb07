using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>The rows read from a lab report, what was wrong with them, and how they were obtained.</summary>
/// <param name="Rows">The rows returned (dropped rows are only counted).</param>
/// <param name="Warnings">Page-level and row-level notes, as stable codes (no patient data).</param>
/// <param name="Counts">What happened, in numbers.</param>
/// <param name="Method">Model or model-free.</param>
/// <param name="ModelId">The model that read the rows, or null for the model-free path.</param>
/// <param name="PromptSha256">Hex SHA-256 of the prompt template (instructions and schema), or null without a model.</param>
public sealed record LabExtractionResult(
    IReadOnlyList<LabExtractionRow> Rows,
    IReadOnlyList<LabExtractionWarning> Warnings,
    LabExtractionCounts Counts,
    LabExtractionMethod Method,
    string? ModelId,
    string? PromptSha256);

/// <summary>One returned row and the checks it failed.</summary>
/// <param name="Row">The row as printed; <see cref="ExtractedLabRow.Source"/> is the grounding line when found.</param>
/// <param name="Issues">The checks the row failed but was kept despite (flag mode), or <see cref="LabRowIssues.None"/>.</param>
public sealed record LabExtractionRow(ExtractedLabRow Row, LabRowIssues Issues);

/// <summary>A note about the extraction: a stable code and the page it concerns.</summary>
/// <param name="Code">One of <see cref="LabExtractionWarningCodes"/>.</param>
/// <param name="Page">1-based page, or null for the whole document.</param>
public sealed record LabExtractionWarning(string Code, int? Page);

/// <summary>The numbers an extraction reports.</summary>
public sealed record LabExtractionCounts(
    int Pages,
    int TextPages,
    int ImagePages,
    int RowsRead,
    int RowsReturned,
    int RowsUngrounded,
    int RowsDroppedUngrounded,
    int RowsDisagreeingWithParser,
    int RowsDroppedDisagreeing,
    int RepairRetries,
    int PagesFailed);

/// <summary>How rows were obtained.</summary>
public enum LabExtractionMethod
{
    /// <summary>The table parser only: no model configured.</summary>
    ModelFree,

    /// <summary>The model, grounded and cross-checked.</summary>
    Model,
}

/// <summary>The checks a row can fail.</summary>
[Flags]
public enum LabRowIssues
{
    /// <summary>Passed every check that applies.</summary>
    None = 0,

    /// <summary>Its value or unit is not on the line of its test name.</summary>
    Ungrounded = 1,

    /// <summary>The parser read the same test with another value or unit.</summary>
    ParserDisagrees = 2,

    /// <summary>The parser did not read this test on the page.</summary>
    NotFoundByParser = 4,

    /// <summary>Read from a page image: no text layer to check it against.</summary>
    NoTextLayer = 8,
}

/// <summary>Warning codes of <see cref="LabExtractionWarning"/>.</summary>
public static class LabExtractionWarningCodes
{
    /// <summary>The model's answer for a page stayed invalid after the repair attempts; the parser's rows were used.</summary>
    public const string ModelOutputInvalid = "MODEL_OUTPUT_INVALID";

    /// <summary>A page has no text layer and no model is configured to read its image.</summary>
    public const string PageNeedsModel = "PAGE_NEEDS_MODEL";

    /// <summary>Rows were dropped or flagged because the page text does not show them.</summary>
    public const string RowsUngrounded = "ROWS_UNGROUNDED";

    /// <summary>Rows were dropped or flagged because the parser read them differently.</summary>
    public const string RowsDisagreeWithParser = "ROWS_DISAGREE_WITH_PARSER";

    /// <summary>Rows were read from page images and could not be checked against text.</summary>
    public const string RowsFromImages = "ROWS_FROM_IMAGES";
}
