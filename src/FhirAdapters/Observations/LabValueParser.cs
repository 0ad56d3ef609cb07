using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Parses printed lab results, culture-invariantly: "1,234" (thousands), "0.5", ".5", "5.", comparators ("&lt;0.01",
/// "&gt;= 60", "less than 5"), qualitative results (Negative, Trace, 1+, Not detected) and absent ones (pending, TNP).
/// </summary>
/// <remarks>
/// A decimal comma ("0,5") is ambiguous with thousands separators and is never guessed: it stays text. Pure and
/// thread-safe.
/// </remarks>
public static partial class LabValueParser
{
    private static readonly (string Prefix, Quantity.QuantityComparator Comparator)[] Comparators =
    [
        ("<=", Quantity.QuantityComparator.LessOrEqual),
        (">=", Quantity.QuantityComparator.GreaterOrEqual),
        ("≤", Quantity.QuantityComparator.LessOrEqual),
        ("≥", Quantity.QuantityComparator.GreaterOrEqual),
        ("<", Quantity.QuantityComparator.LessThan),
        (">", Quantity.QuantityComparator.GreaterThan),
        ("less than or equal to", Quantity.QuantityComparator.LessOrEqual),
        ("greater than or equal to", Quantity.QuantityComparator.GreaterOrEqual),
        ("less than", Quantity.QuantityComparator.LessThan),
        ("greater than", Quantity.QuantityComparator.GreaterThan),
    ];

    private static readonly Dictionary<string, string> AbsentReasons = new(StringComparer.Ordinal)
    {
        [""] = "unknown",
        ["pending"] = "temp-unknown",
        ["in progress"] = "temp-unknown",
        ["tnp"] = "not-performed",
        ["not performed"] = "not-performed",
        ["cancelled"] = "not-performed",
        ["canceled"] = "not-performed",
        ["qns"] = "not-performed",
        ["n a"] = "not-applicable",
        ["na"] = "not-applicable",
    };

    /// <summary>Parses one printed result. Never throws for any input; unparseable text becomes <see cref="LabValueKind.Text"/>.</summary>
    public static ParsedLabValue Parse(string? valueText)
    {
        var text = (valueText ?? string.Empty).Trim();
        var normalized = LabNameNormalizer.Normalize(text);
        if (AbsentReasons.TryGetValue(normalized, out var reason) && !text.Any(char.IsDigit))
        {
            return new ParsedLabValue { Kind = LabValueKind.Absent, Text = text, DataAbsentReason = reason };
        }

        if (QualitativeResults.Find(normalized) is { } qualitative)
        {
            return new ParsedLabValue { Kind = LabValueKind.Qualitative, Text = text, Qualitative = qualitative };
        }

        return TryParseNumber(text) ?? new ParsedLabValue { Kind = LabValueKind.Text, Text = text };
    }

    /// <summary>Parses a number with an optional comparator, culture-invariantly. Null when the text is not one.</summary>
    internal static (decimal Number, Quantity.QuantityComparator? Comparator, string Remainder)? ParseNumberPrefix(string text)
    {
        var rest = text.Trim();
        Quantity.QuantityComparator? comparator = null;
        foreach (var (prefix, value) in Comparators)
        {
            if (rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                comparator = value;
                rest = rest[prefix.Length..].TrimStart();
                break;
            }
        }

        var match = NumberPattern().Match(rest);
        if (!match.Success)
        {
            return null;
        }

        var after = rest[match.Length..];
        // "0,5" (decimal comma), "5-10" (a range), "1/160" (a titre): not one number, so not guessed.
        if (after.Length > 0 && (after[0] is ',' or '-' or '/' or '.' || char.IsDigit(after[0])))
        {
            return null;
        }

        var digits = match.Value.Replace(",", string.Empty, StringComparison.Ordinal).TrimEnd('.');
        if (!decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return (number, comparator, after.Trim());
    }

    private static ParsedLabValue? TryParseNumber(string text)
    {
        if (ParseNumberPrefix(text) is not { } parsed)
        {
            return null;
        }

        return new ParsedLabValue
        {
            Kind = LabValueKind.Quantity,
            Text = text,
            Number = parsed.Number,
            Comparator = parsed.Comparator,
            TrailingText = parsed.Remainder.Length == 0 ? null : parsed.Remainder,
        };
    }

    // Thousands groups only in threes ("1,234"), an optional fraction, or a bare fraction (".5"); a lone trailing point ("5.") is allowed.
    [GeneratedRegex(@"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
