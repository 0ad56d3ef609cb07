namespace FhirMedGemma.LabReportHarness;

/// <summary>
/// How the synthetic reports print a test: a lab's short name and a typical adult reference interval (synthetic; for
/// the harness only). Tests not listed print their LOINC display and no range.
/// </summary>
internal static class PrintedLabTests
{
    private static readonly Dictionary<string, (string Name, decimal Low, decimal High)> Known = new(StringComparer.Ordinal)
    {
        ["2339-0"] = ("Glucose", 70, 99),
        ["6299-2"] = ("Urea Nitrogen (BUN)", 7, 20),
        ["38483-4"] = ("Creatinine", 0.6m, 1.3m),
        ["49765-1"] = ("Calcium", 8.6m, 10.3m),
        ["2947-0"] = ("Sodium", 136, 145),
        ["6298-4"] = ("Potassium", 3.5m, 5.1m),
        ["2069-3"] = ("Chloride", 98, 107),
        ["20565-8"] = ("Carbon Dioxide", 22, 29),
        ["4544-3"] = ("Hematocrit", 36, 50),
        ["787-2"] = ("MCV", 80, 100),
        ["785-6"] = ("MCH", 27, 33),
        ["786-4"] = ("MCHC", 32, 36),
        ["21000-5"] = ("RDW", 39, 46),
        ["32207-3"] = ("Platelet Distribution Width", 150, 400),
        ["32623-1"] = ("Mean Platelet Volume", 7.5m, 12.5m),
        ["2093-3"] = ("Total Cholesterol", 0, 200),
        ["2571-8"] = ("Triglycerides", 0, 150),
        ["18262-6"] = ("LDL Cholesterol", 0, 100),
        ["2085-9"] = ("HDL Cholesterol", 40, 60),
        ["33914-3"] = ("eGFR", 60, 120),
        ["2885-2"] = ("Total Protein", 60, 83),
        ["1751-7"] = ("Albumin", 3.5m, 5.0m),
        ["10834-0"] = ("Globulin", 2.0m, 3.5m),
        ["1975-2"] = ("Bilirubin, Total", 0.1m, 1.2m),
        ["6768-6"] = ("Alkaline Phosphatase", 44, 147),
        ["1742-6"] = ("ALT", 7, 56),
        ["1920-8"] = ("AST", 10, 40),
        ["6690-2"] = ("WBC", 4.5m, 11.0m),
        ["789-8"] = ("RBC", 4.2m, 5.9m),
        ["718-7"] = ("Hemoglobin", 12.0m, 17.5m),
        ["777-3"] = ("Platelets", 150, 400),
        ["4548-4"] = ("Hemoglobin A1c", 4.0m, 5.6m),
    };

    public static string ShortName(SyntheaLabResult result) =>
        Known.TryGetValue(result.Loinc, out var k) ? k.Name : result.Display;

    /// <summary>The printed range and the H/L flag for a numeric result, or nulls.</summary>
    public static (string? Range, string? Flag) RangeAndFlag(SyntheaLabResult result, string printedValue)
    {
        if (result.Qualitative is not null)
        {
            var expected = result.Qualitative.StartsWith("Not", StringComparison.Ordinal) || result.Qualitative == "Negative"
                ? null : "A";
            return ("Not detected", expected);
        }

        if (!Known.TryGetValue(result.Loinc, out var k))
        {
            return (null, null);
        }

        var value = decimal.Parse(printedValue, System.Globalization.CultureInfo.InvariantCulture);
        var range = k.Low == 0 ? $"<{SyntheaLabResults.Print(k.High)}" : $"{SyntheaLabResults.Print(k.Low)}-{SyntheaLabResults.Print(k.High)}";
        var flag = value > k.High ? "H" : value < k.Low ? "L" : null;
        return (range, flag);
    }
}
