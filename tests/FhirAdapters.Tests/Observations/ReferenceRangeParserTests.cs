using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class ReferenceRangeParserTests
{
    [Theory]
    [InlineData("4.5-11.0", "4.5", "11.0")]
    [InlineData("4.5 - 11.0", "4.5", "11.0")]
    [InlineData("4.5 to 11.0", "4.5", "11.0")]
    [InlineData("4.5–11.0", "4.5", "11.0")]
    [InlineData("(4.5-11.0)", "4.5", "11.0")]
    [InlineData("4.5-11.0 x10E3/uL", "4.5", "11.0")]
    [InlineData("150-450", "150", "450")]
    [InlineData("1,000-4,800", "1000", "4800")]
    [InlineData("-2.0 - 3.0", "-2.0", "3.0")]
    [InlineData("-3--1", "-3", "-1")]
    [InlineData("0.5-", null, null)]
    public void Parse_BetweenRange_ReadsBothBounds(string text, string? low, string? high)
    {
        var range = ReferenceRangeParser.Parse(text)!;

        range.Text.Should().Be(text.Trim());
        range.Low.Should().Be(low is null ? null : decimal.Parse(low, System.Globalization.CultureInfo.InvariantCulture));
        range.High.Should().Be(high is null ? null : decimal.Parse(high, System.Globalization.CultureInfo.InvariantCulture));
        range.IsParsed.Should().Be(low is not null);
    }

    [Theory]
    [InlineData("<200", null, "200", false, true)]
    [InlineData("< 200 mg/dL", null, "200", false, true)]
    [InlineData("<=5.0", null, "5.0", false, false)]
    [InlineData(">= 60", "60", null, false, false)]
    [InlineData(">40", "40", null, true, false)]
    public void Parse_OneSidedRange_ReadsTheBound(string text, string? low, string? high, bool lowExclusive, bool highExclusive)
    {
        var range = ReferenceRangeParser.Parse(text)!;

        range.Low.Should().Be(low is null ? null : decimal.Parse(low, System.Globalization.CultureInfo.InvariantCulture));
        range.High.Should().Be(high is null ? null : decimal.Parse(high, System.Globalization.CultureInfo.InvariantCulture));
        range.LowExclusive.Should().Be(lowExclusive);
        range.HighExclusive.Should().Be(highExclusive);
    }

    [Theory]
    [InlineData("Negative", "260385009")]
    [InlineData("NEG", "260385009")]
    [InlineData("Not Detected", "260415000")]
    public void Parse_QualitativeRange_IsCoded(string text, string snomed)
    {
        var range = ReferenceRangeParser.Parse(text)!;

        range.Qualitative!.Code.Should().Be(snomed);
        range.Low.Should().BeNull();
        range.High.Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_Blank_ReturnsNull(string? text) => ReferenceRangeParser.Parse(text).Should().BeNull();

    [Theory]
    [InlineData("see note")]
    [InlineData("Desirable: <200; Borderline 200-239")]
    public void Parse_UnreadableRange_KeepsTextOnly(string text)
    {
        var range = ReferenceRangeParser.Parse(text)!;

        range.IsParsed.Should().BeFalse();
        range.Text.Should().Be(text);
    }
}
