using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Decides Observation.interpretation: the printed flag when there is one (H, L, HH, LL, A, AA, N, "*", High, Low,
/// Critical…), otherwise the value against the reference range. Critical (HH/LL) only ever comes from a printed flag.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class InterpretationResolver
{
    private static readonly Dictionary<string, (string Code, string Display)> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["H"] = ("H", "High"),
        ["HI"] = ("H", "High"),
        ["HIGH"] = ("H", "High"),
        ["L"] = ("L", "Low"),
        ["LO"] = ("L", "Low"),
        ["LOW"] = ("L", "Low"),
        ["HH"] = ("HH", "Critical high"),
        ["H*"] = ("HH", "Critical high"),
        ["*H"] = ("HH", "Critical high"),
        ["CRITICAL HIGH"] = ("HH", "Critical high"),
        ["LL"] = ("LL", "Critical low"),
        ["L*"] = ("LL", "Critical low"),
        ["*L"] = ("LL", "Critical low"),
        ["CRITICAL LOW"] = ("LL", "Critical low"),
        ["A"] = ("A", "Abnormal"),
        ["ABN"] = ("A", "Abnormal"),
        ["ABNORMAL"] = ("A", "Abnormal"),
        ["*"] = ("A", "Abnormal"),
        ["!"] = ("A", "Abnormal"),
        ["AA"] = ("AA", "Critical abnormal"),
        ["C"] = ("AA", "Critical abnormal"),
        ["CRIT"] = ("AA", "Critical abnormal"),
        ["CRITICAL"] = ("AA", "Critical abnormal"),
        ["N"] = ("N", "Normal"),
        ["NORMAL"] = ("N", "Normal"),
    };

    /// <summary>True when <paramref name="flagText"/> is a flag this resolver knows.</summary>
    public static bool IsKnownFlag(string? flagText) => flagText is not null && Flags.ContainsKey(Clean(flagText));

    /// <summary>The interpretation of a result, or null when neither a known flag nor a comparable range says anything.</summary>
    public static LabInterpretation? Resolve(string? flagText, ParsedLabValue value, ParsedReferenceRange? range)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!string.IsNullOrWhiteSpace(flagText) && Flags.TryGetValue(Clean(flagText), out var flag))
        {
            return new LabInterpretation(flag.Code, flag.Display, FromPrintedFlag: true);
        }

        if (range is null)
        {
            return null;
        }

        return value.Kind switch
        {
            LabValueKind.Quantity when value.Number is { } number => Compare(number, value.Comparator, range),
            LabValueKind.Qualitative when range.Qualitative is not null && value.Qualitative is not null =>
                value.Qualitative.Code == range.Qualitative.Code ? Computed("N", "Normal") : Computed("A", "Abnormal"),
            _ => null,
        };
    }

    private static LabInterpretation? Compare(decimal number, Quantity.QuantityComparator? comparator, ParsedReferenceRange range)
    {
        // A censored value ("<0.01") is only placed when its whole interval falls on one side.
        var mayBeLower = comparator is Quantity.QuantityComparator.LessThan or Quantity.QuantityComparator.LessOrEqual;
        var mayBeHigher = comparator is Quantity.QuantityComparator.GreaterThan or Quantity.QuantityComparator.GreaterOrEqual;

        if (range.Low is { } low && !mayBeHigher && (number < low || (range.LowExclusive && number == low)))
        {
            return Computed("L", "Low");
        }

        if (range.High is { } high && !mayBeLower && (number > high || (range.HighExclusive && number == high)))
        {
            return Computed("H", "High");
        }

        var aboveLow = range.Low is not { } lo || (!mayBeLower && (number > lo || (number == lo && !range.LowExclusive)));
        var belowHigh = range.High is not { } hi || (!mayBeHigher && (number < hi || (number == hi && !range.HighExclusive)));
        if (range.Low is null && range.High is null)
        {
            return null;
        }

        // "<0.01" against "<1.0": inside whatever the true value is.
        if (mayBeLower && range.Low is null && range.High is { } h && number <= h)
        {
            belowHigh = true;
            aboveLow = true;
        }

        if (mayBeHigher && range.High is null && range.Low is { } l && number >= l)
        {
            aboveLow = true;
            belowHigh = true;
        }

        return aboveLow && belowHigh ? Computed("N", "Normal") : null;
    }

    private static LabInterpretation Computed(string code, string display) => new(code, display, FromPrintedFlag: false);

    private static string Clean(string flag) => flag.Trim().Trim('(', ')', '[', ']').Trim();
}
