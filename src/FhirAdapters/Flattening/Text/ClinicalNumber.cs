using System.Globalization;

namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// Prints measured values at clinically sensible precision: three significant digits (never rounding the integer part),
/// and never more decimals than the source sent. Synthea writes doubles such as 5.843947 that read as false precision.
/// </summary>
internal static class ClinicalNumber
{
    private const int SignificantDigits = 3;
    private const int MaxDecimals = 8;

    /// <summary>A counted or prescribed amount (dose, frequency): exact, without trailing zeros.</summary>
    public static string Plain(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A measured value at three significant digits, capped at the source's own decimals.</summary>
    public static string Format(decimal value)
    {
        var magnitude = Math.Abs(value);
        int decimals;
        if (magnitude == 0m)
        {
            decimals = 0;
        }
        else if (magnitude >= 1m)
        {
            var integerDigits = (int)Math.Floor(Math.Log10((double)magnitude)) + 1;
            decimals = Math.Max(0, SignificantDigits - integerDigits);
        }
        else
        {
            var leadingZeros = -(int)Math.Floor(Math.Log10((double)magnitude)) - 1;
            decimals = Math.Min(MaxDecimals, leadingZeros + SignificantDigits);
        }

        decimals = Math.Min(decimals, value.Scale);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
