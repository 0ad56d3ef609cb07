using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// Parses printed reference ranges: "4.5-11.0", "4.5 - 11.0", "4.5 to 11.0", "-2.0 - 3.0", "&lt;200", "&gt;= 60",
/// "Negative". Units printed after the range ("4.5-11.0 x10E3/uL") are ignored: the row's unit applies.
/// </summary>
/// <remarks>Pure and thread-safe. Returns null for blank text; text it cannot read comes back with <see cref="ParsedReferenceRange.IsParsed"/> false.</remarks>
public static partial class ReferenceRangeParser
{
    /// <summary>Parses one printed range.</summary>
    public static ParsedReferenceRange? Parse(string? rangeText)
    {
        var text = rangeText?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var normalized = LabNameNormalizer.Normalize(text);
        if (QualitativeResults.Find(normalized) is { } qualitative)
        {
            return new ParsedReferenceRange { Text = text, Qualitative = qualitative };
        }

        var between = BetweenPattern().Match(text);
        if (between.Success && TryNumber(between.Groups["low"].Value, out var low) && TryNumber(between.Groups["high"].Value, out var high))
        {
            return new ParsedReferenceRange { Text = text, Low = low, High = high };
        }

        if (LabValueParser.ParseNumberPrefix(text) is { Comparator: { } comparator } bound)
        {
            return comparator switch
            {
                Quantity.QuantityComparator.LessThan => new ParsedReferenceRange { Text = text, High = bound.Number, HighExclusive = true },
                Quantity.QuantityComparator.LessOrEqual => new ParsedReferenceRange { Text = text, High = bound.Number },
                Quantity.QuantityComparator.GreaterThan => new ParsedReferenceRange { Text = text, Low = bound.Number, LowExclusive = true },
                _ => new ParsedReferenceRange { Text = text, Low = bound.Number },
            };
        }

        return new ParsedReferenceRange { Text = text };
    }

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(
            text.Replace(",", string.Empty, StringComparison.Ordinal).TrimEnd('.'),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture,
            out value);

    // Two numbers joined by "-", "–", "—" or "to"; each may be negative ("-2.0 - -1.0"); anything after is a unit.
    private const string Number = @"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|-?\.\d+";

    [GeneratedRegex(@"^\(?\s*(?<low>" + Number + @")\s*(?:-|–|—|to)\s*(?<high>" + Number + @")\s*\)?(?:\s+\S.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BetweenPattern();
}
