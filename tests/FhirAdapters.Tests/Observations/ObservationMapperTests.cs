// FHIR POCO members are nullable; a null where the test expects a value fails the test, which is what we want.
#pragma warning disable CS8600, CS8602
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class ObservationMapperTests
{
    private readonly ObservationMapper _mapper = LabMappingTestData.Mapper();

    [Fact]
    public void Map_FullNumericRow_ProducesUsCoreLabObservation()
    {
        var row = new ExtractedLabRow("WBC", "12.4", "x10E3/uL", "4.5-11.0", "H", "Whole blood", "2024-03-04", new SourceSpan(2, "WBC 12.4 H x10E3/uL 4.5-11.0"));

        var result = _mapper.Map(row, LabMappingTestData.Context());
        var o = result.Observation;

        result.Warnings.Should().BeEmpty();
        result.IsCoded.Should().BeTrue();
        o.Meta.Profile.Should().Contain(LabFhirSystems.UsCoreLabProfile);
        o.Status.Should().Be(ObservationStatus.Final);
        o.Category.Single().Coding.Single().Should().Match<Coding>(c => c.System == LabFhirSystems.ObservationCategory && c.Code == "laboratory");
        o.Code.Text.Should().Be("WBC");
        o.Code.Coding.Single().Should().Match<Coding>(c => c.System == LabFhirSystems.Loinc && c.Code == "6690-2");
        o.Subject.Reference.Should().Be("Patient/p-1");
        o.Effective.Should().BeOfType<FhirDateTime>().Which.Value.Should().Be("2024-03-04");
        o.Issued.Should().Be(LabMappingTestData.Collected.AddHours(6));
        var quantity = o.Value.Should().BeOfType<Quantity>().Subject;
        quantity.Value.Should().Be(12.4m);
        quantity.Unit.Should().Be("x10E3/uL");
        quantity.System.Should().Be(LabFhirSystems.Ucum);
        quantity.Code.Should().Be("10*3/uL");
        var range = o.ReferenceRange.Single();
        range.Low.Value.Should().Be(4.5m);
        range.High.Value.Should().Be(11.0m);
        range.High.Code.Should().Be("10*3/uL");
        range.Text.Should().Be("4.5-11.0");
        o.Interpretation.Single().Coding.Single().Should().Match<Coding>(c => c.System == LabFhirSystems.ObservationInterpretation && c.Code == "H");
        o.Specimen.Display.Should().Be("Whole blood");
        o.Meta.Security.Should().BeEmpty();
        o.DataAbsentReason.Should().BeNull();
    }

    [Fact]
    public void Map_SourceSpan_IsRecordedAsExtension()
    {
        var row = new ExtractedLabRow("Sodium", "140", "mmol/L", Source: new SourceSpan(3, "Sodium 140 mmol/L"));

        var o = _mapper.Map(row, LabMappingTestData.Context()).Observation;

        var span = o.GetExtension(LabFhirSystems.SourceSpanExtension);
        span.GetExtensionValue<Integer>("page").Value.Should().Be(3);
        span.GetExtensionValue<FhirString>("line").Value.Should().Be("Sodium 140 mmol/L");
    }

    [Fact]
    public void Map_ModelProducedUnverified_IsPreliminaryWithAiLabel()
    {
        var model = new LabModelInfo("medgemma-1.5-4b-it", "2025-01");

        var o = _mapper.Map(new ExtractedLabRow("Potassium", "4.1", "mEq/L"), LabMappingTestData.Context(model)).Observation;

        o.Status.Should().Be(ObservationStatus.Preliminary);
        o.Meta.Security.Should().ContainSingle(c => c.System == LabFhirSystems.SecurityObservationValue && c.Code == "AIAST");
        ((Quantity)o.Value).Code.Should().Be("meq/L");
        ((Quantity)o.Value).Unit.Should().Be("mEq/L");
    }

    [Fact]
    public void Map_ModelProducedAndVerified_IsFinalButKeepsAiLabel()
    {
        var context = LabMappingTestData.Context(new LabModelInfo("m", "1")) with { HumanVerified = true };

        var o = _mapper.Map(new ExtractedLabRow("Potassium", "4.1", "mmol/L"), context).Observation;

        o.Status.Should().Be(ObservationStatus.Final);
        o.Meta.Security.Should().ContainSingle(c => c.Code == "AIAST");
    }

    [Fact]
    public void Map_UnmappedName_KeepsCodeTextOnlyAndWarns()
    {
        var result = _mapper.Map(new ExtractedLabRow("Zeta analyte", "3.2", "mg/L"), LabMappingTestData.Context());

        result.IsCoded.Should().BeFalse();
        result.Observation.Code.Text.Should().Be("Zeta analyte");
        result.Observation.Code.Coding.Should().BeEmpty();
        result.Warnings.Should().ContainSingle(w => w.Code == LabMappingWarningCode.UnmappedTestName)
            .Which.Message.Should().NotContain("Zeta");
    }

    [Fact]
    public void Map_QualitativeUrineRow_GetsCodedValueAndPresenceLoinc()
    {
        var row = new ExtractedLabRow("Protein", "Trace", null, "Negative", null, "Urine");

        var result = _mapper.Map(row, LabMappingTestData.Context());

        result.Test!.Code.Should().Be("20454-5");
        var value = result.Observation.Value.Should().BeOfType<CodeableConcept>().Subject;
        value.Coding.Single().Should().Match<Coding>(c => c.System == LabFhirSystems.SnomedCt && c.Code == "260405006");
        value.Text.Should().Be("Trace");
        result.Observation.ReferenceRange.Single().Text.Should().Be("Negative");
        result.Observation.Interpretation.Single().Coding.Single().Code.Should().Be("A");
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Map_ComparatorValue_SetsQuantityComparator()
    {
        var o = _mapper.Map(new ExtractedLabRow("Troponin I", "<0.01", "ng/mL", "<0.04"), LabMappingTestData.Context()).Observation;

        var quantity = (Quantity)o.Value;
        quantity.Comparator.Should().Be(Quantity.QuantityComparator.LessThan);
        quantity.Value.Should().Be(0.01m);
        o.ReferenceRange.Single().High.Value.Should().Be(0.04m);
        o.Interpretation.Single().Coding.Single().Code.Should().Be("N");
    }

    [Fact]
    public void Map_UnitAndFlagInValueCell_AreRecovered()
    {
        var o = _mapper.Map(new ExtractedLabRow("Glucose", "182 mg/dL H"), LabMappingTestData.Context()).Observation;

        var quantity = (Quantity)o.Value;
        quantity.Value.Should().Be(182m);
        quantity.Code.Should().Be("mg/dL");
        o.Interpretation.Single().Coding.Single().Code.Should().Be("H");
    }

    [Theory]
    [InlineData("7.9 H", "g/dL", null, "H")]
    [InlineData("7.9 L", "g/dL", null, "L")]
    [InlineData("7.9 H", "g/dL", "HH", "HH")]
    [InlineData("7.9 L", null, null, "L")]
    public void Map_FlagInValueCell_IsReadAsFlagNeverAsUnit(string value, string? unit, string? flag, string expected)
    {
        var o = _mapper.Map(new ExtractedLabRow("Hemoglobin", value, unit, FlagText: flag), LabMappingTestData.Context()).Observation;

        ((Quantity)o.Value).Unit.Should().Be(unit);
        o.Interpretation.Single().Coding.Single().Code.Should().Be(expected);
    }

    [Fact]
    public void Map_PendingResult_HasDataAbsentReasonAndNoValue()
    {
        var result = _mapper.Map(new ExtractedLabRow("Ferritin", "Pending", "ng/mL", "30-400"), LabMappingTestData.Context());

        result.Observation.Value.Should().BeNull();
        result.Observation.DataAbsentReason.Coding.Single().Code.Should().Be("temp-unknown");
        result.Warnings.Should().Contain(w => w.Code == LabMappingWarningCode.ValueAbsent);
    }

    [Fact]
    public void Map_FreeTextResult_BecomesValueStringAndWarns()
    {
        var result = _mapper.Map(new ExtractedLabRow("Color", "Straw", Specimen: "Urine"), LabMappingTestData.Context());

        result.Test!.Code.Should().Be("5778-6");
        result.Observation.Value.Should().BeOfType<FhirString>().Which.Value.Should().Be("Straw");
        result.Warnings.Should().ContainSingle(w => w.Code == LabMappingWarningCode.ValueNotParsed);
    }

    [Fact]
    public void Map_UnknownUnitAndMissingUnit_AreWarnedNeverInvented()
    {
        var unknown = _mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol per litre"), LabMappingTestData.Context());
        var missing = _mapper.Map(new ExtractedLabRow("Sodium", "140"), LabMappingTestData.Context());

        ((Quantity)unknown.Observation.Value).Should().Match<Quantity>(q => q.Unit == "mmol per litre" && q.Code == null && q.System == null);
        unknown.Warnings.Should().ContainSingle(w => w.Code == LabMappingWarningCode.UnknownUnit);
        ((Quantity)missing.Observation.Value).Should().Match<Quantity>(q => q.Unit == null && q.Code == null);
        missing.Warnings.Should().ContainSingle(w => w.Code == LabMappingWarningCode.MissingUnit);
    }

    [Theory]
    [InlineData("03/04/2024", "2024-03-04")]
    [InlineData("2024-03-04", "2024-03-04")]
    [InlineData("04-Mar-2024", "2024-03-04")]
    [InlineData("2024-03-04 07:15", "2024-03-04T07:15:00+00:00")]
    [InlineData("2024-03-04T07:15:00-05:00", "2024-03-04T07:15:00-05:00")]
    public void Map_CollectedText_BecomesEffective(string collected, string expected)
    {
        var o = _mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol/L", CollectedText: collected), LabMappingTestData.Context()).Observation;

        ((FhirDateTime)o.Effective).Value.Should().Be(expected);
    }

    [Fact]
    public void Map_UnreadableCollectedText_FallsBackToContextAndWarns()
    {
        var result = _mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol/L", CollectedText: "yesterday"), LabMappingTestData.Context());

        ((FhirDateTime)result.Observation.Effective).ToDateTimeOffset(TimeSpan.Zero).Should().Be(LabMappingTestData.Collected);
        result.Warnings.Should().ContainSingle(w => w.Code == LabMappingWarningCode.CollectedDateNotParsed);
    }

    [Fact]
    public void Map_DocumentReferenceSource_IsDerivedFrom_DiagnosticReportIsNot()
    {
        var fromDocument = _mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol/L"), LabMappingTestData.Context(source: "DocumentReference/doc-9")).Observation;
        var fromReport = _mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol/L"), LabMappingTestData.Context()).Observation;

        fromDocument.DerivedFrom.Single().Reference.Should().Be("DocumentReference/doc-9");
        fromReport.DerivedFrom.Should().BeEmpty("R4 derivedFrom does not allow DiagnosticReport; the report links via result");
    }

    [Fact]
    public void Map_BlankSubject_Throws()
    {
        var act = () => _mapper.Map(new ExtractedLabRow("Sodium", "140"), LabMappingTestData.Context() with { SubjectReference = " " });

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("Hemoglobin A1c", "7.9", "%", "4.0-5.6", null, "4548-4", "7.9", "%", "H")]
    [InlineData("eGFR", ">60", "mL/min/1.73m2", ">59", null, "33914-3", "60", "mL/min/{1.73_m2}", "N")]
    [InlineData("Platelets", "1,234", "K/uL", "150 - 400", "HH", "777-3", "1234", "10*3/uL", "HH")]
    [InlineData("TSH", "0.01", "uIU/mL", "0.45-4.50", "L", "3016-3", "0.01", "u[IU]/mL", "L")]
    [InlineData("Sodium, Serum", "132", "mEq/L", "136-145", "", "2951-2", "132", "meq/L", "L")]
    [InlineData("ALT (SGPT)", "5.", "IU/L", "0-44", null, "1742-6", "5", "[IU]/L", "N")]
    [InlineData("Vitamin B12", "<150", "pg/mL", "232 - 1245", "*", "2132-9", "150", "pg/mL", "A")]
    [InlineData("Cholesterol, Total", "215", "mg/dL", "<200", null, "2093-3", "215", "mg/dL", "H")]
    [InlineData("HDL Cholesterol", "62", "mg/dL", ">= 40", "N", "2085-9", "62", "mg/dL", "N")]
    [InlineData("INR", "2.6", null, "0.9-1.1", "H", "6301-6", "2.6", null, "H")]
    [InlineData("MCV", "88", "fl", "80-100", null, "787-2", "88", "fL", "N")]
    [InlineData("Ferritin", "12", "ng/ml", "30-400", "L", "2276-4", "12", "ng/mL", "L")]
    public void Map_AwkwardPrintedRows_MapToLoincValueUcumAndInterpretation(
        string name, string value, string? unit, string range, string? flag, string loinc, string number, string? ucum, string interpretation)
    {
        var result = _mapper.Map(new ExtractedLabRow(name, value, unit, range, flag), LabMappingTestData.Context());

        result.Test!.Code.Should().Be(loinc);
        var quantity = result.Observation.Value.Should().BeOfType<Quantity>().Subject;
        quantity.Value.Should().Be(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        quantity.Code.Should().Be(ucum);
        quantity.Unit.Should().Be(unit);
        result.Observation.Interpretation.Single().Coding.Single().Code.Should().Be(interpretation);
    }

    [Theory]
    [InlineData("HIV 1+2 Ab", "Non-Reactive", "Non-Reactive")]
    [InlineData("SARS-CoV-2 RNA", "NOT DETECTED", "Not Detected")]
    [InlineData("Nitrite", "Positive", "Negative")]
    public void Map_QualitativeRows_GetSnomedValue(string name, string value, string range)
    {
        var o = _mapper.Map(new ExtractedLabRow(name, value, null, range), LabMappingTestData.Context()).Observation;

        var coded = o.Value.Should().BeOfType<CodeableConcept>().Subject;
        coded.Coding.Single().System.Should().Be(LabFhirSystems.SnomedCt);
        coded.Text.Should().Be(value);
    }

    [Fact]
    public void Map_BlankTestName_LeavesCodeTextOutAndWarns()
    {
        var result = _mapper.Map(new ExtractedLabRow("  ", "5", "mg/dL"), LabMappingTestData.Context());

        result.Observation.Code.Text.Should().BeNull();
        result.Warnings.Should().Contain(w => w.Code == LabMappingWarningCode.UnmappedTestName);
    }

    [Fact]
    public void Map_AwkwardRows_WarningsNeverQuoteRowContent()
    {
        var rows = new[]
        {
            new ExtractedLabRow("Xylophage index", "Quux-7", "blorbs", "sometimes", "QQ", "Ichor", "the day before"),
            new ExtractedLabRow("Yttrium", "12", "zorps/L", "abc"),
            new ExtractedLabRow("Sodium", "Pendingish"),
        };

        var messages = _mapper.MapAll(rows, LabMappingTestData.Context() with { Effective = null })
            .SelectMany(r => r.Warnings).Select(w => w.Message).ToList();

        messages.Should().NotBeEmpty();
        foreach (var text in rows.SelectMany(r => new[] { r.TestName, r.ValueText, r.UnitText, r.ReferenceRangeText, r.FlagText, r.Specimen, r.CollectedText }).OfType<string>())
        {
            messages.Should().NotContain(m => m.Contains(text, StringComparison.OrdinalIgnoreCase), "warnings reach logs and must not carry patient data");
        }
    }

    [Fact]
    public void MapAll_KeepsRowOrder()
    {
        var rows = new[] { new ExtractedLabRow("Sodium", "140", "mmol/L"), new ExtractedLabRow("Potassium", "4.0", "mmol/L") };

        _mapper.MapAll(rows, LabMappingTestData.Context()).Select(r => r.Test!.Code).Should().Equal("2947-0", "6298-4");
    }
}
