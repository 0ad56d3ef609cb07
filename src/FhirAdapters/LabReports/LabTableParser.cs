using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// The model-free extractor: reads result rows from the text lines of a digital (LIS-generated) lab report. A row is
/// "name  value  [unit]  [range]  [flag]" in cells; it also handles a unit in the name column ("Glucose (mg/dL)"),
/// qualitative results ("Negative"), names wrapped onto the next line, single-spaced lines, and skips headers,
/// demographics ("Label: value" lines) and page footers. "Collected:" and "Specimen:" lines apply to the rows below them.
/// </summary>
/// <remarks>Thread-safe (stateless). Serves when no model is configured, and cross-checks the model when one is.</remarks>
public sealed partial class LabTableParser
{
    /// <summary>Reads the rows of every page with a text layer.</summary>
    public IReadOnlyList<ExtractedLabRow> Parse(LabDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rows = new List<ExtractedLabRow>();
        foreach (var page in document.Pages.Where(p => p.HasText))
        {
            rows.AddRange(ParsePage(page.Number, page.Lines));
        }

        return rows;
    }

    /// <summary>Reads the rows of one page's lines.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI service: the extractor takes it as a replaceable dependency.")]
    public IReadOnlyList<ExtractedLabRow> ParsePage(int pageNumber, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = new List<ExtractedLabRow>();
        string? specimen = null;
        string? collected = null;
        var lastLineWasRow = false;
        foreach (var line in lines)
        {
            var cells = LabCellPatterns.SplitCells(line);
            if (cells.Length == 0 || LabCellPatterns.IsFurniture(line))
            {
                lastLineWasRow = false;
                continue;
            }

            if (cells.Any(c => c.Contains(':', StringComparison.Ordinal)))
            {
                specimen = cells.Select(c => LabCellPatterns.LabelledValue(c, "Specimen")).FirstOrDefault(v => v is not null) ?? specimen;
                collected = cells.Select(c => LabCellPatterns.LabelledValue(c, "Collected")).FirstOrDefault(v => v is not null) ?? collected;
                lastLineWasRow = false;
                continue;
            }

            var lineRows = ParseRows(cells, pageNumber, line);
            if (lineRows.Count > 0)
            {
                rows.AddRange(lineRows.Select(r => r with { Specimen = specimen, CollectedText = collected }));
                lastLineWasRow = true;
            }
            else if (lastLineWasRow && IsNameContinuation(cells))
            {
                var previous = rows[^1];
                rows[^1] = previous with { TestName = previous.TestName + " " + cells[0] };
            }
            else
            {
                lastLineWasRow = false;
            }
        }

        return rows;
    }

    /// <summary>
    /// The rows of one line: usually one, two when a text line holds two tables side by side
    /// ("Glucose  95  mg/dL  70-99    Sodium  140  mmol/L  136-145"), none when the line is not a row.
    /// </summary>
    private static List<ExtractedLabRow> ParseRows(string[] cells, int page, string line)
    {
        // Two tables on one line only where cells are separated by wide gaps: in running text ("… and report
        // Troponin 50 ng/mL and Potassium 9.9 mmol/L") a second "row" would be invented out of prose.
        var allowSecondTable = cells.Length > 1;
        if (cells.Length == 1)
        {
            cells = SplitSingleSpaced(cells[0]);
        }

        var rows = new List<ExtractedLabRow>();
        var rest = SplitValueFlags(cells);
        while (rest.Length > 0 && TryParseRow(rest, page, line, allowSecondTable, out var row, out var used))
        {
            rows.Add(row);
            rest = rest[used..];
        }

        return rest.Length == 0 ? rows : [];
    }

    private static bool TryParseRow(
        string[] cells, int page, string line, bool allowSecondTable, [NotNullWhen(true)] out ExtractedLabRow? row, out int used)
    {
        row = null;
        used = cells.Length;
        var valueIndex = cells.Length > 1 ? Array.FindIndex(cells, 1, LabCellPatterns.IsValue) : -1;
        if (valueIndex < 1)
        {
            return false;
        }

        var name = string.Join(' ', cells[..valueIndex]);
        if (!name.Any(char.IsLetter) || name.Length > 120)
        {
            return false;
        }

        string? unit = null, range = null, flag = null;
        for (var i = valueIndex + 1; i < cells.Length; i++)
        {
            var cell = cells[i];
            if (flag is null && LabCellPatterns.IsFlag(cell))
            {
                flag = cell;
            }
            else if (range is null && LabCellPatterns.IsRange(cell))
            {
                range = cell;
            }
            else if (unit is null && range is null && LabCellPatterns.IsUnit(cell))
            {
                unit = cell;
            }
            else if (allowSecondTable && TryParseRow(cells[i..], page, line, allowSecondTable, out _, out _))
            {
                // A second table starts here on the same line.
                used = i;
                break;
            }
            else
            {
                return false;
            }
        }

        if (unit is null && NameWithUnit().Match(name) is { Success: true } m && LabCellPatterns.IsNameColumnUnit(m.Groups[2].Value))
        {
            name = m.Groups[1].Value.TrimEnd();
            unit = m.Groups[2].Value;
        }

        row = new ExtractedLabRow(name, cells[valueIndex], unit, range, flag, Source: new SourceSpan(page, line.Trim()));
        return true;
    }

    /// <summary>
    /// A line whose cells are separated by single spaces ("Glucose 95 mg/dL 70-99 H"): the name runs up to the first
    /// numeric token; "70 - 99" is read as one range.
    /// </summary>
    private static string[] SplitSingleSpaced(string text)
    {
        var tokens = SpacedDash().Replace(text, "-").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var valueIndex = Array.FindIndex(tokens, 1, LabCellPatterns.IsNumericValue);
        if (valueIndex < 1)
        {
            return [text];
        }

        return [string.Join(' ', tokens[..valueIndex]), .. tokens[valueIndex..]];
    }

    /// <summary>A flag printed in the value cell ("105 H", "105 (H)") becomes its own cell.</summary>
    private static string[] SplitValueFlags(string[] cells)
    {
        var result = new List<string>(cells.Length + 1);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0 && ValueWithFlag().Match(cells[i]) is { Success: true } m && LabCellPatterns.IsFlag(m.Groups[2].Value))
            {
                result.Add(m.Groups[1].Value);
                result.Add(m.Groups[2].Value);
            }
            else
            {
                result.Add(cells[i]);
            }
        }

        return [.. result];
    }

    /// <summary>The rest of a wrapped test name: one cell of words, not a section heading, not a sentence.</summary>
    private static bool IsNameContinuation(string[] cells) =>
        cells.Length == 1
        && cells[0].Length <= 60
        && cells[0].Any(char.IsLower)
        && !cells[0].EndsWith('.')
        && !cells[0].Split(' ').Any(LabCellPatterns.IsValue);

    [GeneratedRegex(@"^(.*\S)\s*\(([^()]+)\)$")]
    private static partial Regex NameWithUnit();

    [GeneratedRegex(@"^((?:[<>]=?)?\s*[-+]?\d+(?:\.\d+)?)\s*\(?\s*([A-Za-z*!]{1,8})\s*\)?$")]
    private static partial Regex ValueWithFlag();

    [GeneratedRegex(@"(?<=\d)\s+[-–]\s+(?=\d)")]
    private static partial Regex SpacedDash();
}
