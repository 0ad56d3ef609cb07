using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>How lab rows are extracted and checked (configuration section <c>LabExtraction</c>).</summary>
public sealed class LabExtractionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "LabExtraction";

    /// <summary>
    /// What happens to a model row whose value and unit are not on the line of its test name in the page text.
    /// Default <see cref="LabRowDisposition.Drop"/>: a row the document does not show is never returned.
    /// </summary>
    public LabRowDisposition UngroundedRows { get; set; } = LabRowDisposition.Drop;

    /// <summary>Compare model rows with the model-free parser's rows on text pages. Default true.</summary>
    public bool CrossCheck { get; set; } = true;

    /// <summary>What happens to a model row the parser read differently or not at all. Default flag.</summary>
    public LabRowDisposition ParserDisagreements { get; set; } = LabRowDisposition.Flag;

    /// <summary>How many times an invalid model answer is sent back for repair (0-3). Default 1.</summary>
    [Range(0, 3)]
    public int RepairAttempts { get; set; } = 1;

    /// <summary>Most output tokens per page prompt. Default 2048.</summary>
    [Range(64, 32_768)]
    public int MaxOutputTokens { get; set; } = 2048;

    /// <summary>Page text longer than this many characters is sent in several chunks. Default 6000.</summary>
    [Range(500, 200_000)]
    public int MaxPromptTextCharacters { get; set; } = 6000;
}

/// <summary>Whether a suspicious row is removed or returned with a flag.</summary>
public enum LabRowDisposition
{
    /// <summary>Remove the row (it is counted).</summary>
    Drop,

    /// <summary>Keep the row and mark it.</summary>
    Flag,
}
