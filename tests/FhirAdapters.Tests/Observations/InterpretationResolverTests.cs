using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class InterpretationResolverTests
{
    [Theory]
    [InlineData("H", "H")]
    [InlineData("h", "H")]
    [InlineData("High", "H")]
    [InlineData("L", "L")]
    [InlineData("HH", "HH")]
    [InlineData("LL", "LL")]
    [InlineData("A", "A")]
    [InlineData("N", "N")]
    [InlineData("*", "A")]
    [InlineData("(H)", "H")]
    [InlineData("AA", "AA")]
    [InlineData("Critical", "AA")]
    public void Resolve_PrintedFlag_WinsOverRange(string flag, string expected)
    {
        // The value is inside the range: the lab's printed judgement is still what counts.
        var result = InterpretationResolver.Resolve(flag, LabValueParser.Parse("5"), ReferenceRangeParser.Parse("4-6"));

        result!.Code.Should().Be(expected);
        result.FromPrintedFlag.Should().BeTrue();
    }

    [Theory]
    [InlineData("3.9", "4.5-11.0", "L")]
    [InlineData("12", "4.5-11.0", "H")]
    [InlineData("4.5", "4.5-11.0", "N")]
    [InlineData("11.0", "4.5-11.0", "N")]
    [InlineData("250", "<200", "H")]
    [InlineData("200", "<200", "H")]
    [InlineData("199", "<200", "N")]
    [InlineData("45", ">= 60", "L")]
    [InlineData("60", ">= 60", "N")]
    [InlineData("<0.01", "0.5-1.0", "L")]
    [InlineData("<0.01", "<0.04", "N")]
    [InlineData(">90", ">= 60", "N")]
    [InlineData(">90", "10-50", "H")]
    public void Resolve_NoFlag_ComparesValueWithRange(string value, string range, string expected)
    {
        var result = InterpretationResolver.Resolve(null, LabValueParser.Parse(value), ReferenceRangeParser.Parse(range));

        result!.Code.Should().Be(expected);
        result.FromPrintedFlag.Should().BeFalse();
    }

    [Theory]
    [InlineData("<5", "0.5-10")]
    [InlineData("7", null)]
    [InlineData("7", "see note")]
    [InlineData("Yellow", "Negative")]
    public void Resolve_UndecidableComparison_ReturnsNull(string value, string? range) =>
        InterpretationResolver.Resolve(null, LabValueParser.Parse(value), ReferenceRangeParser.Parse(range)).Should().BeNull();

    [Theory]
    [InlineData("Negative", "Negative", "N")]
    [InlineData("Positive", "Negative", "A")]
    [InlineData("2+", "Negative", "A")]
    public void Resolve_QualitativeAgainstExpected_GivesNormalOrAbnormal(string value, string range, string expected) =>
        InterpretationResolver.Resolve(null, LabValueParser.Parse(value), ReferenceRangeParser.Parse(range))!.Code.Should().Be(expected);

    [Fact]
    public void Resolve_UnknownFlag_FallsBackToRange()
    {
        InterpretationResolver.IsKnownFlag("Q").Should().BeFalse();
        InterpretationResolver.Resolve("Q", LabValueParser.Parse("12"), ReferenceRangeParser.Parse("4-6"))!.Code.Should().Be("H");
    }
}
