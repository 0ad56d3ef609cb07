using System.Text;
using UglyToad.PdfPig.Content;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// Rebuilds reading-order lines from positioned words. Words on one baseline form a line; a gap wider than about half
/// a line height starts a new table cell (cells are joined by two spaces). A page printed in two columns is split at
/// its gutter and read left column first, so a row never mixes tests from both columns.
/// </summary>
internal static class PdfLineBuilder
{
    public const string CellSeparator = "  ";

    public static List<string> BuildLines(IReadOnlyList<Word> words, double pageWidth)
    {
        if (words.Count == 0)
        {
            return [];
        }

        var gutter = FindGutter(words, pageWidth);
        if (gutter is null)
        {
            return GroupLines(words).Select(ToText).ToList();
        }

        var g = gutter.Value;
        var full = GroupLines(words.Where(w => w.BoundingBox.Left < g && w.BoundingBox.Right > g).ToList());
        var left = GroupLines(words.Where(w => w.BoundingBox.Right <= g).ToList());
        var right = GroupLines(words.Where(w => w.BoundingBox.Left >= g).ToList());

        // Full-width lines (titles, footers) cut the page into bands; each band is read left column, then right.
        var result = new List<string>();
        var upper = double.MaxValue;
        foreach (var band in full.Append(null))
        {
            var lower = band is null ? double.MinValue : Baseline(band);
            result.AddRange(left.Where(l => Baseline(l) < upper && Baseline(l) > lower).Select(ToText));
            result.AddRange(right.Where(l => Baseline(l) < upper && Baseline(l) > lower).Select(ToText));
            if (band is not null)
            {
                result.Add(ToText(band));
                upper = lower;
            }
        }

        return result;
    }

    /// <summary>
    /// Finds an x position in the middle of the page that (almost) no word crosses and that splits the page into two
    /// sides which each hold multi-cell rows. A blank band between a single table's name and value columns fails the
    /// second test: its left side holds only names.
    /// </summary>
    private static double? FindGutter(IReadOnlyList<Word> words, double pageWidth)
    {
        var lines = GroupLines(words);
        if (lines.Count < 4)
        {
            return null;
        }

        // Blank vertical bands (runs of x that almost no word crosses); each band is judged once, at its centre.
        var bands = new List<(double Start, double End)>();
        for (var x = pageWidth * 0.3; x <= pageWidth * 0.7; x += 2)
        {
            var crossing = words.Count(w => w.BoundingBox.Left - 2 < x && w.BoundingBox.Right + 2 > x);
            if (crossing > Math.Max(2, lines.Count / 10))
            {
                continue;
            }

            if (bands.Count > 0 && x - bands[^1].End <= 2.01)
            {
                bands[^1] = (bands[^1].Start, x);
            }
            else
            {
                bands.Add((x, x));
            }
        }

        double? best = null;
        var bestDistance = double.MaxValue;
        foreach (var (start, end) in bands)
        {
            var x = (start + end) / 2;
            var leftLines = GroupLines(words.Where(w => w.BoundingBox.Right <= x).ToList());
            var rightLines = GroupLines(words.Where(w => w.BoundingBox.Left >= x).ToList());
            if (IsTableSide(leftLines) && IsTableSide(rightLines) && Math.Abs(x - pageWidth / 2) < bestDistance)
            {
                best = x;
                bestDistance = Math.Abs(x - pageWidth / 2);
            }
        }

        return best;
    }

    /// <summary>
    /// A side of a real two-column page holds whole result rows: a name, a plain value and more cells. The right side
    /// of a blank band inside one table ("units | range | flag") has no plain value; its left side has only two cells.
    /// </summary>
    private static bool IsTableSide(List<List<Word>> lines) =>
        lines.Count >= 3 && lines.Count(l => IsRowLike(CellsOf(l))) >= lines.Count * 0.4;

    private static bool IsRowLike(List<string> cells) =>
        cells.Count >= 3
        && cells[0].Any(char.IsLetter)
        && cells.Skip(1).Any(c => LabCellPatterns.IsQualitativeValue(c) || (LabCellPatterns.IsNumericValue(c) && char.IsAsciiDigit(c[0])));

    private static List<List<Word>> GroupLines(IReadOnlyList<Word> words)
    {
        var lines = new List<List<Word>>();
        foreach (var word in words.OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left))
        {
            var tolerance = Math.Max(1.0, word.BoundingBox.Height * 0.5);
            var line = lines.LastOrDefault();
            if (line is not null && Math.Abs(Baseline(line) - word.BoundingBox.Bottom) <= tolerance)
            {
                line.Add(word);
            }
            else
            {
                lines.Add([word]);
            }
        }

        foreach (var line in lines)
        {
            line.Sort((a, b) => a.BoundingBox.Left.CompareTo(b.BoundingBox.Left));
        }

        return lines;
    }

    private static double Baseline(List<Word> line) => line[0].BoundingBox.Bottom;

    private static List<string> CellsOf(List<Word> line)
    {
        var height = line.Select(w => w.BoundingBox.Height).Where(h => h > 0).DefaultIfEmpty(8).Max();
        var cells = new List<string>();
        var current = new StringBuilder(line[0].Text);
        for (var i = 1; i < line.Count; i++)
        {
            var gap = line[i].BoundingBox.Left - line[i - 1].BoundingBox.Right;
            if (gap > height * 0.6)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(' ');
            }

            current.Append(line[i].Text);
        }

        cells.Add(current.ToString());
        return cells;
    }

    private static string ToText(List<Word> line) => string.Join(CellSeparator, CellsOf(line));
}
