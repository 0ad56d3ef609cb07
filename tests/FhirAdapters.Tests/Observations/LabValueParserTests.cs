using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class LabValueParserTests
{
    [Theory]
    [InlineData("1,234", "1234")]
    [InlineData("12,345.6", "12345.6")]
    [InlineData("0.5", "0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("7.90", "7.90")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("  140  ", "140")]
    [InlineData("1000000", "1000000")]
    public void Parse_InvariantNumber_ParsesKeepingPrecision(string text, string expected)
    {
        var value = LabValueParser.Parse(text);

        value.Kind.Should().Be(LabValueKind.Quantity);
        value.Number.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        value.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
        value.Comparator.Should().BeNull();
    }

    [Theory]
    [InlineData("<0.01", Quantity.QuantityComparator.LessThan, "0.01")]
    [InlineData("< 0.01", Quantity.QuantityComparator.LessThan, "0.01")]
    [InlineData("<=5", Quantity.QuantityComparator.LessOrEqual, "5")]
    [InlineData("≤5", Quantity.QuantityComparator.LessOrEqual, "5")]
    [InlineData(">90", Quantity.QuantityComparator.GreaterThan, "90")]
    [InlineData(">= 60", Quantity.QuantityComparator.GreaterOrEqual, "60")]
    [InlineData("less than 0.5", Quantity.QuantityComparator.LessThan, "0.5")]
    [InlineData("Greater than 1,000", Quantity.QuantityComparator.GreaterThan, "1000")]
    public void Parse_Comparator_SetsComparatorAndNumber(string text, Quantity.QuantityComparator comparator, string number)
    {
        var value = LabValueParser.Parse(text);

        value.Kind.Should().Be(LabValueKind.Quantity);
        value.Comparator.Should().Be(comparator);
        value.Number.Should().Be(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Negative", "260385009")]
    [InlineData("NEG", "260385009")]
    [InlineData("Positive", "10828004")]
    [InlineData("Trace", "260405006")]
    [InlineData("1+", "260347006")]
    [InlineData("2+", "260348001")]
    [InlineData("+++", "260349009")]
    [InlineData("Not detected", "260415000")]
    [InlineData("NOT DETECTED", "260415000")]
    [InlineData("Detected", "260373001")]
    [InlineData("Non-Reactive", "131194007")]
    public void Parse_QualitativeResult_IsCodedInSnomed(string text, string snomed)
    {
        var value = LabValueParser.Parse(text);

        value.Kind.Should().Be(LabValueKind.Qualitative);
        value.Qualitative!.Code.Should().Be(snomed);
        value.Text.Should().Be(text);
    }

    [Theory]
    [InlineData("", "unknown")]
    [InlineData("---", "unknown")]
    [InlineData("Pending", "temp-unknown")]
    [InlineData("TNP", "not-performed")]
    [InlineData("Cancelled", "not-performed")]
    [InlineData(null, "unknown")]
    public void Parse_NoResult_IsAbsentWithReason(string? text, string reason)
    {
        var value = LabValueParser.Parse(text);

        value.Kind.Should().Be(LabValueKind.Absent);
        value.DataAbsentReason.Should().Be(reason);
    }

    [Theory]
    [InlineData("0,5")]
    [InlineData("1,23")]
    [InlineData("5-10")]
    [InlineData("1/160")]
    [InlineData("Yellow")]
    [InlineData("See comment")]
    [InlineData("1.2.3")]
    [InlineData("abc 12")]
    public void Parse_AmbiguousOrFreeText_StaysText(string text)
    {
        var value = LabValueParser.Parse(text);

        value.Kind.Should().Be(LabValueKind.Text);
        value.Number.Should().BeNull();
        value.Text.Should().Be(text);
    }

    [Theory]
    [InlineData("140 mmol/L", "140", "mmol/L")]
    [InlineData("7.9 H", "7.9", "H")]
    [InlineData("12.5g/dL", "12.5", "g/dL")]
    public void Parse_TextAfterNumber_IsKeptAsTrailingText(string text, string number, string trailing)
    {
        var value = LabValueParser.Parse(text);

        value.Number.Should().Be(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        value.TrailingText.Should().Be(trailing);
    }
}
