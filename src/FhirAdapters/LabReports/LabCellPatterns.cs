using System.Text.RegularExpressions;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>What the cells of a printed lab table look like: values, units, reference ranges, flags.</summary>
internal static partial class LabCellPatterns
{
    /// <summary>Splits a line into cells at tabs or runs of two or more spaces.</summary>
    public static string[] SplitCells(string line) =>
        CellSplit().Split(line.Trim()).Where(c => c.Length > 0).ToArray();

    public static bool IsNumericValue(string cell) => NumericValue().IsMatch(cell);

    public static bool IsQualitativeValue(string cell) => Qualitative().IsMatch(cell);

    public static bool IsValue(string cell) => IsNumericValue(cell) || IsQualitativeValue(cell);

    public static bool IsFlag(string cell) => Flag().IsMatch(cell);

    /// <summary>A numeric range ("70-99", "&lt;200", "&gt;= 60", "3.5 - 5.1 mmol/L") or an expected qualitative result.</summary>
    public static bool IsRange(string cell) => NumericRange().IsMatch(cell) || IsQualitativeValue(cell);

    /// <summary>Looks like a unit: "mg/dL", "%", "10*3/uL", "x10E3/uL", "fL", "U/L", "mL/min/1.73m2".</summary>
    public static bool IsUnit(string cell) => cell.Length <= 24 && Unit().IsMatch(cell) && !StopWords.Contains(cell);

    /// <summary>A unit printed in the name column, "Glucose (mg/dL)": stricter, so "(HbA1c)" stays part of the name.</summary>
    public static bool IsNameColumnUnit(string text) =>
        IsUnit(text) && (text.Contains('/', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal)
            || text is "fL" or "pg" or "IU" or "U" or "ratio" or "mEq");

    /// <summary>Page furniture that must never become a row: "Page 2 of 3", "Test  Result  Units…".</summary>
    public static bool IsFurniture(string line) => PageFooter().IsMatch(line.Trim());

    /// <summary>Reads "Label: value" from a cell when the label is <paramref name="label"/>.</summary>
    public static string? LabelledValue(string cell, string label)
    {
        if (!cell.StartsWith(label, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = cell[label.Length..].TrimStart();
        return rest.StartsWith(':') ? rest[1..].Trim() is { Length: > 0 } v ? v : null : null;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "in", "by", "and", "or", "the", "to", "for", "on", "at", "is", "a", "an", "page", "see", "note",
    };

    [GeneratedRegex(@"\t+| {2,}")]
    private static partial Regex CellSplit();

    [GeneratedRegex(@"^(?:[<>]=?|≤|≥)?\s*[-+]?\d+(?:\.\d+)?$")]
    private static partial Regex NumericValue();

    [GeneratedRegex(@"^(?:negative|positive|detected|not detected|non-?reactive|reactive|trace|normal|abnormal|present|absent|indeterminate|equivocal|[1-4]\+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Qualitative();

    [GeneratedRegex(@"^(?:H|L|HH|LL|A|AA|\*|!|High|Low|Critical(?: High| Low)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Flag();

    [GeneratedRegex(@"^(?:(?:[<>]=?|≤|≥)\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?)(?:\s+\S+)?$")]
    private static partial Regex NumericRange();

    [GeneratedRegex(@"^(?:%|[xX]?10[*^E]\d+(?:/[A-Za-zµμ]+)?|[A-Za-zµμ][A-Za-zµμ0-9.\[\]]{0,9}(?:/[A-Za-zµμ0-9.\[\]]{1,10}){0,2})$")]
    private static partial Regex Unit();

    [GeneratedRegex(@"^page\s+\d+(?:\s+of\s+\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageFooter();
}
