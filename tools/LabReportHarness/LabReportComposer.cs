namespace FhirMedGemma.LabReportHarness;

/// <summary>Lays out a report's pages (text positions) and its ground truth for a layout.</summary>
internal static class LabReportComposer
{
    public const double PageWidth = 595;
    public const double PageHeight = 842;
    private const double FontSize = 8.5;
    private const double LineHeight = 12;
    private const double AverageCharWidth = 0.58;
    private const double Bottom = 780;

    /// <summary>Column x positions: name, value, unit, range, flag (unit unused in UnitsInName).</summary>
    private sealed record Columns(double Name, double Value, double Unit, double Range, double Flag);

    public static (List<ComposedPage> Pages, List<TruthRow> Truth) Compose(IReadOnlyList<SyntheaLabPanel> panels, LabReportLayout layout)
    {
        var truth = new List<TruthRow>();
        var pages = new List<List<TextPlacement>>();
        var columns = layout switch
        {
            LabReportLayout.TwoColumn => new[] { new Columns(36, 150, 184, 226, 272), new Columns(318, 432, 466, 508, 554) },
            LabReportLayout.LongNames => [new Columns(40, 230, 290, 360, 450)],
            LabReportLayout.UnitsInName => [new Columns(40, 260, 0, 330, 430)],
            _ => [new Columns(40, 250, 310, 380, 470)],
        };

        var page = NewPage(pages, panels[0], layout, columns);
        var column = 0;
        var top = page.Top;

        // Two columns: the left column takes the first half of the rows, so both columns are always used.
        var perColumn = layout == LabReportLayout.TwoColumn ? (panels.Sum(p => p.Results.Count) + 1) / 2 : int.MaxValue;
        var inColumn = 0;
        foreach (var panel in panels)
        {
            if (top + 3 * LineHeight > Bottom)
            {
                (page, column, top) = NextArea(pages, panels[0], layout, columns, column, page.Top);
            }

            page.Texts.Add(new TextPlacement(columns[column].Name, top, $"Collected: {panel.Date} 08:30", FontSize));
            page.Texts.Add(new TextPlacement(columns[column].Name + 150, top, "Specimen: Blood", FontSize));
            top += LineHeight * 1.4;
            foreach (var result in panel.Results)
            {
                var row = ToTruth(result, layout);
                var printedName = layout == LabReportLayout.UnitsInName && row.Unit is not null ? $"{row.Name} ({row.UnitAsPrinted})" : row.Name;
                var nameWidth = columns[column].Value - columns[column].Name - 10;
                var nameLines = Wrap(printedName, (int)(nameWidth / (FontSize * AverageCharWidth)));
                if (top + nameLines.Count * LineHeight > Bottom || inColumn == perColumn)
                {
                    (page, column, top) = NextArea(pages, panels[0], layout, columns, column, page.Top);
                    inColumn = 0;
                }

                inColumn++;

                DrawRow(page.Texts, columns[column], top, nameLines, row, layout);
                top += nameLines.Count * LineHeight;
                truth.Add(row);
            }

            top += LineHeight * 0.6;
        }

        AddFooters(pages);
        return (pages.Select(p => new ComposedPage(p)).ToList(), truth);
    }

    private static TruthRow ToTruth(SyntheaLabResult result, LabReportLayout layout)
    {
        var value = result.Number is { } n ? SyntheaLabResults.Print(n) : result.Qualitative!;
        var (range, flag) = PrintedLabTests.RangeAndFlag(result, value);
        var name = layout == LabReportLayout.LongNames ? result.Display : PrintedLabTests.ShortName(result);
        return new TruthRow(result.Loinc, name, value, result.Ucum, range, flag, ConventionalUnit(result.Ucum, layout));
    }

    /// <summary>Some layouts print counts the way US labs do ("x10E3/uL", "K/uL") instead of the UCUM code.</summary>
    private static string? ConventionalUnit(string? ucum, LabReportLayout layout) => (ucum, layout) switch
    {
        ("10*3/uL", LabReportLayout.TwoColumn or LabReportLayout.UnitsInName) => "x10E3/uL",
        ("10*6/uL", LabReportLayout.TwoColumn or LabReportLayout.UnitsInName) => "x10E6/uL",
        ("10*3/uL", LabReportLayout.MultiPage) => "K/uL",
        ("10*6/uL", LabReportLayout.MultiPage) => "M/uL",
        _ => null,
    };

    private static void DrawRow(List<TextPlacement> texts, Columns c, double top, List<string> nameLines, TruthRow row, LabReportLayout layout)
    {
        for (var i = 0; i < nameLines.Count; i++)
        {
            texts.Add(new TextPlacement(c.Name, top + i * LineHeight, nameLines[i], FontSize));
        }

        var flagInResult = layout == LabReportLayout.FlagInResult && row.Flag is not null;
        texts.Add(new TextPlacement(c.Value, top, flagInResult ? $"{row.Value} {row.Flag}" : row.Value, FontSize, Bold: row.Flag is not null));
        if (layout != LabReportLayout.UnitsInName && row.Unit is not null)
        {
            texts.Add(new TextPlacement(c.Unit, top, row.UnitAsPrinted!, FontSize));
        }

        if (row.Range is not null)
        {
            texts.Add(new TextPlacement(c.Range, top, row.Range, FontSize));
        }

        if (row.Flag is not null && layout != LabReportLayout.FlagInResult)
        {
            texts.Add(new TextPlacement(c.Flag, top, row.Flag, FontSize, Bold: true));
        }
    }

    private sealed record PageState(List<TextPlacement> Texts, double Top);

    private static (PageState Page, int Column, double Top) NextArea(
        List<List<TextPlacement>> pages, SyntheaLabPanel panel, LabReportLayout layout, Columns[] columns, int column, double tableTop)
    {
        if (column + 1 < columns.Length)
        {
            // The next column of the same page: repeat its table header.
            var texts = pages[^1];
            TableHeader(texts, columns[column + 1], tableTop - LineHeight * 1.5, layout);
            return (new PageState(texts, tableTop), column + 1, tableTop);
        }

        var page = NewPage(pages, panel, layout, columns);
        return (page, 0, page.Top);
    }

    private static PageState NewPage(List<List<TextPlacement>> pages, SyntheaLabPanel panel, LabReportLayout layout, Columns[] columns)
    {
        var texts = new List<TextPlacement>
        {
            new(40, 40, "Synthetic Community Laboratory - Final Report", 13, Bold: true),
            new(40, 62, $"Patient: {panel.PatientName}", FontSize),
            new(250, 62, $"DOB: {panel.BirthDate}", FontSize),
            new(360, 62, $"Sex: {panel.Gender}", FontSize),
            new(440, 62, $"MRN: {Truncate(panel.Mrn, 12)}", FontSize),
            new(40, 76, "Ordering provider: Dr. A. Example", FontSize),
        };
        TableHeader(texts, columns[0], 100, layout);
        pages.Add(texts);
        return new PageState(texts, 100 + LineHeight * 1.5);
    }

    private static void TableHeader(List<TextPlacement> texts, Columns c, double top, LabReportLayout layout)
    {
        texts.Add(new TextPlacement(c.Name, top, "Test", FontSize, Bold: true));
        texts.Add(new TextPlacement(c.Value, top, "Result", FontSize, Bold: true));
        if (layout != LabReportLayout.UnitsInName)
        {
            texts.Add(new TextPlacement(c.Unit, top, "Units", FontSize, Bold: true));
        }

        texts.Add(new TextPlacement(c.Range, top, "Reference", FontSize, Bold: true));
        texts.Add(new TextPlacement(c.Flag, top, "Flag", FontSize, Bold: true));
    }

    private static void AddFooters(List<List<TextPlacement>> pages)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].Add(new TextPlacement(40, 810, "Synthetic data generated for testing; not a medical record.", 7));
            pages[i].Add(new TextPlacement(500, 810, $"Page {i + 1} of {pages.Count}", 7));
        }
    }

    private static List<string> Wrap(string text, int maxChars)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > maxChars)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = current.Length == 0 ? word : current + " " + word;
            }
        }

        lines.Add(current);
        return lines;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
