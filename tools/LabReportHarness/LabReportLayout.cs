namespace FhirMedGemma.LabReportHarness;

/// <summary>The page layouts the harness renders; each is a realistic way LIS systems print results.</summary>
public enum LabReportLayout
{
    /// <summary>One table: name, result, units, reference range, flag; a demographics header.</summary>
    SingleTable,

    /// <summary>Two tables side by side on each page.</summary>
    TwoColumn,

    /// <summary>Several days of results over several pages, with repeated headers and "Page i of n" footers.</summary>
    MultiPage,

    /// <summary>The unit printed in the name column, "Glucose (mg/dL)", and no unit column.</summary>
    UnitsInName,

    /// <summary>Full LOINC names in a narrow column, so names wrap onto a second line.</summary>
    LongNames,

    /// <summary>The flag printed next to the value in the result column ("105 H"), no flag column.</summary>
    FlagInResult,
}

/// <summary>Text drawn at a position, in points from the page's top-left corner.</summary>
public sealed record TextPlacement(double X, double Top, string Text, double Size, bool Bold = false);

/// <summary>One composed page: what text goes where.</summary>
public sealed record ComposedPage(IReadOnlyList<TextPlacement> Texts);

/// <summary>A row as the report prints it and as the truth records it.</summary>
/// <param name="Loinc">The LOINC code of the source Observation.</param>
/// <param name="Name">The test name as printed (without a unit printed in the name column).</param>
/// <param name="Value">The value as printed.</param>
/// <param name="Unit">The UCUM unit, as printed, or null for qualitative results.</param>
/// <param name="Range">The reference range as printed, or null.</param>
/// <param name="Flag">The flag as printed, or null.</param>
/// <param name="PrintedUnit">The unit as printed when the report spells the UCUM unit another way ("x10E3/uL"), else null.</param>
public sealed record TruthRow(string Loinc, string Name, string Value, string? Unit, string? Range, string? Flag, string? PrintedUnit = null)
{
    /// <summary>The unit text on the page.</summary>
    public string? UnitAsPrinted => PrintedUnit ?? Unit;
}
