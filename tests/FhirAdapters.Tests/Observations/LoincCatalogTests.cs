using System.Text;
using System.Text.Json;
using FhirMedGemma.FhirAdapters.Observations;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class LoincCatalogTests
{
    private static readonly LoincCatalog Catalog = LoincCatalog.Default;

    [Theory]
    [InlineData("Hgb", "718-7")]
    [InlineData("HEMOGLOBIN", "718-7")]
    [InlineData("WBC", "6690-2")]
    [InlineData("White Blood Cell Count", "6690-2")]
    [InlineData("ALT (SGPT)", "1742-6")]
    [InlineData("SGPT", "1742-6")]
    [InlineData("AST/SGOT", "1920-8")]
    [InlineData("Hemoglobin A1c", "4548-4")]
    [InlineData("HbA1c", "4548-4")]
    [InlineData("TSH", "3016-3")]
    [InlineData("Free T4", "3024-7")]
    [InlineData("LDL-C", "18262-6")]
    [InlineData("HDL Cholesterol", "2085-9")]
    [InlineData("Triglycerides", "2571-8")]
    [InlineData("INR", "6301-6")]
    [InlineData("PT", "5902-2")]
    [InlineData("BUN", "6299-2")]
    [InlineData("eGFR", "33914-3")]
    [InlineData("Ferritin", "2276-4")]
    [InlineData("TIBC", "2500-7")]
    [InlineData("Vitamin B12", "2132-9")]
    [InlineData("25-OH Vitamin D", "62292-8")]
    [InlineData("CRP", "1988-5")]
    [InlineData("hs-CRP", "30522-7")]
    [InlineData("ESR", "30341-2")]
    [InlineData("Specific Gravity", "5811-5")]
    [InlineData("Leukocyte Esterase", "5799-2")]
    [InlineData("Glucose [Mass/\u200bvolume] in Urine by Test strip", "5792-7")]
    [InlineData("Cholesterol [Mass/volume] in Serum or Plasma", "2093-3")]
    [InlineData("  platelet   count ", "777-3")]
    [InlineData("Bilirubin, Total", "1975-2")]
    [InlineData("WBC Auto (Bld) [#/Vol]", "6690-2")]
    [InlineData("RBC Auto (Bld) [#/Vol]", "789-8")]
    [InlineData("Peanut IgE Ab in Serum", "6206-7")]
    [InlineData("Hgb (Bld)", "718-7")]
    [InlineData("Leukocytes [#/​volume] in Blood by Automated count", "6690-2")]
    public void TryFind_PrintedNameOrSynonym_FindsLoinc(string printed, string expectedCode)
    {
        Catalog.TryFind(printed, null, out var test).Should().BeTrue(printed);
        test!.Code.Should().Be(expectedCode, printed);
    }

    [Theory]
    [InlineData("Sodium", null, null, "2947-0")]
    [InlineData("Sodium", "Serum", null, "2951-2")]
    [InlineData("Sodium, Serum", null, null, "2951-2")]
    [InlineData("Glucose, Serum", null, null, "2345-7")]
    [InlineData("Glucose", "Plasma", "mg/dL", "2345-7")]
    [InlineData("Serum Creatinine", null, "mg/dL", "2160-0")]
    [InlineData("RDW", null, "%", "788-0")]
    [InlineData("RDW", null, "fL", "21000-5")]
    [InlineData("Neutrophils", null, "%", "770-8")]
    [InlineData("Neutrophils", null, "10*3/uL", "751-8")]
    [InlineData("Neutrophils %", null, null, "770-8")]
    [InlineData("Absolute Neutrophils", null, null, "751-8")]
    [InlineData("Urine Protein", null, "mg/dL", "5804-0")]
    [InlineData("Protein", "Urine", "mg/dL", "5804-0")]
    [InlineData("Glucose (Urine)", null, "mg/dL", "5792-7")]
    [InlineData("RDW - Erythrocyte distribution width Auto (RBC) [Entitic vol]", null, "fL", "21000-5")]
    public void TryFind_SharedName_SpecimenAndUnitDecide(string printed, string? specimen, string? unit, string expectedCode)
    {
        Catalog.TryFind(printed, new LoincLookupHints(specimen, unit), out var test).Should().BeTrue();
        test!.Code.Should().Be(expectedCode);
    }

    [Fact]
    public void TryFind_QualitativeResultWithoutSpecimen_PrefersPresenceTest()
    {
        Catalog.TryFind("Protein", new LoincLookupHints(Quantitative: false), out var qualitative).Should().BeTrue();
        Catalog.TryFind("Protein", new LoincLookupHints(UcumUnit: "g/dL", Quantitative: true), out var serum).Should().BeTrue();

        qualitative!.Code.Should().Be("20454-5");
        serum!.Code.Should().Be("2885-2");
    }

    [Theory]
    [InlineData("Unobtainium level")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("(((")]
    public void TryFind_UnknownOrEmptyName_ReturnsFalse(string printed)
    {
        Catalog.TryFind(printed, null, out var test).Should().BeFalse();
        test.Should().BeNull();
    }

    [Fact]
    public void Default_EveryCode_HasValidLoincCheckDigit()
    {
        var bad = Catalog.Tests.Where(t => !HasValidCheckDigit(t.Code)).Select(t => t.Code).ToList();

        Catalog.Tests.Should().HaveCountGreaterThan(100);
        bad.Should().BeEmpty("every LOINC code ends in its mod-10 check digit");
    }

    [Fact]
    public void Default_EveryDefaultUnit_IsValidUcum()
    {
        var bad = Catalog.Tests.Where(t => t.DefaultUnit is not null && !UcumUnitNormalizer.IsValidUcum(t.DefaultUnit)).Select(t => t.Code);

        bad.Should().BeEmpty();
    }

    [Fact]
    public void Default_CoversEveryLabCodeInSyntheaFixtures()
    {
        var codes = SyntheaLabObservations.All().Select(o => o.Code.Coding[0].Code!).Distinct().ToList();
        var missing = codes.Where(c => Catalog.FindByCode(c) is null).ToList();

        codes.Should().HaveCountGreaterThan(40);
        missing.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""[{"code":"1-8","display":"A"},{"code":"1-8","display":"B"}]""")]
    [InlineData("""[{"display":"no code"}]""")]
    [InlineData("""[{"code":"1-8","display":"A","scale":"Weird"}]""")]
    [InlineData("not json")]
    public void Load_InvalidCatalog_ThrowsInvalidData(string json)
    {
        var act = () => LoincCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Load_CustomCatalog_IsSearchable()
    {
        var json = JsonSerializer.Serialize(new[] { new { code = "1-8", display = "Test analyte", synonyms = new[] { "TA" } } });

        var catalog = LoincCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        catalog.TryFind("ta", null, out var test).Should().BeTrue();
        test!.Scale.Should().Be(LoincScale.Quantitative);
    }

    // LOINC's mod-10 check digit (Luhn over the digits before the hyphen).
    private static bool HasValidCheckDigit(string code)
    {
        var parts = code.Split('-');
        if (parts.Length != 2 || parts[1].Length != 1 || !parts[0].All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        var doubleIt = true;
        for (var i = parts[0].Length - 1; i >= 0; i--)
        {
            var d = parts[0][i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10 == parts[1][0] - '0';
    }
}
