using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class UcumUnitNormalizerTests
{
    private readonly UcumUnitNormalizer _normalizer = new();

    [Theory]
    [InlineData("mg/dL")]
    [InlineData("mmol/L")]
    [InlineData("g/dL")]
    [InlineData("g/L")]
    [InlineData("%")]
    [InlineData("fL")]
    [InlineData("pg")]
    [InlineData("U/L")]
    [InlineData("10*3/uL")]
    [InlineData("10*6/uL")]
    [InlineData("ng/mL")]
    [InlineData("kU/L")]
    [InlineData("mL/min")]
    [InlineData("mL/min/{1.73_m2}")]
    [InlineData("{INR}")]
    public void Normalize_ValidUcum_IsKeptExactly(string printed)
    {
        var unit = _normalizer.Normalize(printed);

        unit.Outcome.Should().Be(UnitNormalization.Exact);
        unit.UcumCode.Should().Be(printed);
        unit.PrintedText.Should().Be(printed);
    }

    [Theory]
    [InlineData("mEq/L", "meq/L")]
    [InlineData("MEQ/L", "meq/L")]
    [InlineData("IU/L", "[IU]/L")]
    [InlineData("mIU/L", "m[IU]/L")]
    [InlineData("uIU/mL", "u[IU]/mL")]
    [InlineData("µIU/mL", "u[IU]/mL")]
    [InlineData("10^3/uL", "10*3/uL")]
    [InlineData("x10E3/uL", "10*3/uL")]
    [InlineData("x10^3/µL", "10*3/uL")]
    [InlineData("x10E6/uL", "10*6/uL")]
    [InlineData("10^9/L", "10*9/L")]
    [InlineData("K/uL", "10*3/uL")]
    [InlineData("G/L", "10*9/L")]
    [InlineData("mcg/dL", "ug/dL")]
    [InlineData("µg/L", "ug/L")]
    [InlineData("mg/dl", "mg/dL")]
    [InlineData("ng/ml", "ng/mL")]
    [InlineData("fl", "fL")]
    [InlineData("sec", "s")]
    [InlineData("mm/hr", "mm/h")]
    [InlineData("mL/min/1.73m2", "mL/min/{1.73_m2}")]
    [InlineData("ratio", "{ratio}")]
    public void Normalize_PrintedAlias_BecomesUcumCodeAndKeepsPrintedText(string printed, string ucum)
    {
        var unit = _normalizer.Normalize(printed);

        unit.Outcome.Should().Be(UnitNormalization.Alias);
        unit.UcumCode.Should().Be(ucum);
        unit.PrintedText.Should().Be(printed);
        UcumUnitNormalizer.IsValidUcum(ucum).Should().BeTrue();
    }

    [Theory]
    [InlineData("cells/hpf please")]
    [InlineData("foo")]
    [InlineData("Units")]
    [InlineData("mg/dL per day")]
    public void Normalize_UnknownUnit_KeepsTextWithoutCode(string printed)
    {
        var unit = _normalizer.Normalize(printed);

        unit.Outcome.Should().Be(UnitNormalization.Unknown);
        unit.UcumCode.Should().BeNull();
        unit.PrintedText.Should().Be(printed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_NoUnit_ReturnsNone(string? printed) =>
        _normalizer.Normalize(printed).Should().Be(NormalizedUnit.None);

    [Fact]
    public void Normalize_GramsPerLitreBesideGramsPerDecilitre_NeverConverted()
    {
        _normalizer.Normalize("g/L").UcumCode.Should().Be("g/L");
        _normalizer.Normalize("g/dL").UcumCode.Should().Be("g/dL");
    }

    [Fact]
    public void Normalize_ManyDistinctInputsConcurrently_StaysCorrect()
    {
        var results = Enumerable.Range(0, 5000).AsParallel()
            .Select(i => (i, unit: _normalizer.Normalize(i % 2 == 0 ? "mEq/L" : $"bogus{i}")))
            .ToList();

        results.Where(r => r.i % 2 == 0).Should().OnlyContain(r => r.unit.UcumCode == "meq/L");
        results.Where(r => r.i % 2 == 1).Should().OnlyContain(r => r.unit.UcumCode == null);
    }
}
