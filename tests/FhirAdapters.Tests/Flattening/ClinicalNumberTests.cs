using FhirMedGemma.FhirAdapters.Flattening.Text;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class ClinicalNumberTests
{
    [Theory]
    [InlineData("5.843947", "5.84")]
    [InlineData("87.12345", "87.1")]
    [InlineData("134.56", "135")]
    [InlineData("12345.6", "12346")]
    [InlineData("0.0456789", "0.0457")]
    [InlineData("0.000012345", "0.0000123")]
    [InlineData("7.9", "7.9")]
    [InlineData("8.0", "8.0")]
    [InlineData("163.5", "164")]
    [InlineData("120", "120")]
    [InlineData("-3.7189", "-3.72")]
    [InlineData("0", "0")]
    public void Format_MeasuredValue_KeepsThreeSignificantDigitsAndNoMoreDecimalsThanSent(string input, string expected)
    {
        ClinicalNumber.Format(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("0.50", "0.5")]
    [InlineData("2", "2")]
    public void Plain_PrescribedAmount_DropsTrailingZeros(string input, string expected)
    {
        ClinicalNumber.Plain(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);
    }
}
