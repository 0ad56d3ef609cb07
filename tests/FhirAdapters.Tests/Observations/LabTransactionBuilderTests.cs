// FHIR POCO members are nullable; a null where the test expects a value fails the test, which is what we want.
#pragma warning disable CS8600, CS8602
using FhirMedGemma.FhirAdapters.Observations;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class LabTransactionBuilderTests
{
    private static readonly LabModelInfo Model = new("medgemma-1.5-4b-it", "rev-7");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly ObservationMapper _mapper = LabMappingTestData.Mapper();

    private static readonly ExtractedLabRow[] Rows =
    [
        new("Hemoglobin", "13.2", "g/dL", "12.0-16.0", null, null, null, new SourceSpan(1, "Hemoglobin 13.2 g/dL")),
        new("WBC", "12.4", "x10E3/uL", "4.5-11.0", "H", null, null, new SourceSpan(1, "WBC 12.4 H")),
        new("Zeta analyte", "3", "mg/L"),
    ];

    [Fact]
    public void Build_Rows_EachObservationIsConditionalCreateOnDeterministicIdentifier()
    {
        var bundle = Build(Rows);

        bundle.Type.Should().Be(Bundle.BundleType.Transaction);
        var observations = bundle.Entry.Where(e => e.Resource is Observation).ToList();
        observations.Should().HaveCount(3);
        foreach (var entry in observations)
        {
            var identifier = ((Observation)entry.Resource).Identifier.Single();
            identifier.System.Should().Be("https://fhirmedgemma.dev/fhir/identifier/lab-observation");
            identifier.Value.Should().MatchRegex("^[0-9a-f]{32}$");
            entry.Request.Method.Should().Be(Bundle.HTTPVerb.POST);
            entry.Request.Url.Should().Be("Observation");
            entry.Request.IfNoneExist.Should().Be($"identifier={identifier.System}|{identifier.Value}");
            entry.FullUrl.Should().MatchRegex("^urn:uuid:[0-9a-f-]{36}$");
        }

        observations.Select(e => e.FullUrl).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Build_SameInputTwice_GivesIdenticalIdentifiersAndFullUrls()
    {
        var first = Build(Rows);
        _time.Advance(TimeSpan.FromDays(1));
        var second = Build(Rows);

        Requests(second).Should().Equal(Requests(first));
        second.Entry.Select(e => e.FullUrl).Should().Equal(first.Entry.Select(e => e.FullUrl));
        var firstReport = (DiagnosticReport)first.Entry.Single(e => e.Resource is DiagnosticReport).Resource;
        var secondReport = (DiagnosticReport)second.Entry.Single(e => e.Resource is DiagnosticReport).Resource;
        secondReport.IsExactly(firstReport).Should().BeTrue();
    }

    [Fact]
    public void Build_DifferentReportOrValue_GivesDifferentIdentifiers()
    {
        var baseline = IdentifierValues(Build(Rows));
        var otherReport = IdentifierValues(Build(Rows, new DiagnosticReport { Id = "dr-2", Status = DiagnosticReport.DiagnosticReportStatus.Final, Code = new CodeableConcept { Text = "Panel" } }));
        var otherValue = IdentifierValues(Build([Rows[0] with { ValueText = "13.3" }, Rows[1], Rows[2]]));

        otherReport.Should().NotIntersectWith(baseline);
        otherValue[0].Should().NotBe(baseline[0]);
        otherValue.Skip(1).Should().Equal(baseline.Skip(1));
    }

    [Fact]
    public void Build_IdenticalRowsTwice_GetDistinctIdentifiersStableUnderOtherRowsChanging()
    {
        var repeated = new ExtractedLabRow("Glucose", "99", "mg/dL");
        var withTwo = IdentifierValues(Build([repeated, repeated]));
        var withExtra = IdentifierValues(Build([Rows[0], repeated, Rows[1], repeated]));

        withTwo.Should().OnlyHaveUniqueItems();
        new[] { withExtra[1], withExtra[3] }.Should().Equal(withTwo);
    }

    [Fact]
    public void Build_ReportWithId_IsUpdatedWithResultReferencesAndIfMatch()
    {
        var report = Report();
        report.Meta = new Meta { VersionId = "4" };
        report.Result.Add(new ResourceReference("Observation/existing"));

        var bundle = Build(Rows, report);

        var entry = bundle.Entry.Single(e => e.Resource is DiagnosticReport);
        entry.Request.Method.Should().Be(Bundle.HTTPVerb.PUT);
        entry.Request.Url.Should().Be("DiagnosticReport/dr-1");
        entry.Request.IfMatch.Should().Be("W/\"4\"");
        var observationUrls = bundle.Entry.Where(e => e.Resource is Observation).Select(e => e.FullUrl);
        ((DiagnosticReport)entry.Resource).Result.Select(r => r.Reference).Should().Equal(new[] { "Observation/existing" }.Concat(observationUrls));
        report.Result.Should().ContainSingle("the caller's report is not modified");
    }

    [Fact]
    public void Build_ReportWithoutIdButIdentifier_IsConditionallyCreated()
    {
        var report = Report();
        report.Id = null;
        report.Identifier.Add(new Identifier("urn:lab:accession", "A-77"));

        var bundle = Build(Rows, report);

        var entry = bundle.Entry.Single(e => e.Resource is DiagnosticReport);
        entry.Request.Method.Should().Be(Bundle.HTTPVerb.POST);
        entry.Request.IfNoneExist.Should().Be("identifier=urn:lab:accession|A-77");
        entry.FullUrl.Should().StartWith("urn:uuid:");
    }

    [Fact]
    public void Build_ReportWithoutIdOrIdentifier_ThrowsArgumentException()
    {
        var report = Report();
        report.Id = null;

        var act = () => Build(Rows, report);

        act.Should().Throw<ArgumentException>().WithParameterName("report");
    }

    [Fact]
    public void Build_MoreRowsThanLimit_ThrowsTooManyLabRows()
    {
        var builder = new LabTransactionBuilder(Options.Create(new LabMappingOptions { MaxRowsPerTransaction = 2 }), _time);
        var results = _mapper.MapAll(Rows, LabMappingTestData.Context());

        var act = () => builder.Build(Report(), results);

        act.Should().Throw<InvalidClinicalInputException>()
            .Which.Should().Match<InvalidClinicalInputException>(e => e.ErrorCode == FhirAdapterErrorCodes.TooManyLabRows && e.IssueType == OperationOutcome.IssueType.TooCostly);
    }

    [Fact]
    public void Build_WithModelProvenance_AddsProvenanceNamingModelPromptHashAndTime()
    {
        var provenance = LabModelProvenance.FromPrompts(Model, ["page one prompt", "page two prompt"]);

        var bundle = Build(Rows, provenance: provenance);

        var entry = bundle.Entry.Single(e => e.Resource is Provenance);
        var p = (Provenance)entry.Resource;
        entry.Request.Method.Should().Be(Bundle.HTTPVerb.PUT);
        entry.Request.Url.Should().Be("Provenance/" + p.Id);
        p.Recorded.Should().Be(_time.GetUtcNow());
        p.Target.Select(t => t.Reference).Should().BeEquivalentTo(
            bundle.Entry.Where(e => e.Resource is Observation).Select(e => e.FullUrl).Append("DiagnosticReport/dr-1"));
        var device = p.Contained.OfType<Device>().Single();
        device.DeviceName.Single().Name.Should().Be(Model.Name);
        device.Version.Single().Value.Should().Be(Model.Version);
        p.Agent.Single().Who.Reference.Should().Be("#" + device.Id);
        p.Entity.Select(e => e.What.Identifier?.Value).Should().Contain(provenance.PromptSha256);
        provenance.PromptSha256.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void FromPrompts_DifferentSplit_GivesDifferentHash()
    {
        LabModelProvenance.FromPrompts(Model, ["ab", "c"]).PromptSha256
            .Should().NotBe(LabModelProvenance.FromPrompts(Model, ["a", "bc"]).PromptSha256);
    }

    [Fact]
    public void Build_Bundle_SurvivesFirelyJsonAndXmlRoundTrip()
    {
        var results = _mapper.MapAll(Rows, LabMappingTestData.Context(Model));
        var bundle = new LabTransactionBuilder(Options.Create(new LabMappingOptions()), _time)
            .Build(Report(), results, LabModelProvenance.FromPrompts(Model, ["prompt"]));

        var json = new FhirJsonSerializer().SerializeToString(bundle);
        var fromJson = new FhirJsonDeserializer().Deserialize<Bundle>(json);
        var xml = new FhirXmlSerializer().SerializeToString(fromJson);
        var fromXml = new FhirXmlDeserializer().Deserialize<Bundle>(xml);

        fromJson.IsExactly(bundle).Should().BeTrue();
        fromXml.IsExactly(bundle).Should().BeTrue();
        json.Should().Contain("\"ifNoneExist\"").And.Contain("AIAST").And.Contain("10*3/uL");
    }

    [Fact]
    public void Build_Bundle_PassesFirelyStructuralValidation()
    {
        var results = _mapper.MapAll(Rows.Append(new ExtractedLabRow("Protein", "Negative", Specimen: "Urine")), LabMappingTestData.Context(Model));
        var bundle = new LabTransactionBuilder(Options.Create(new LabMappingOptions()), _time)
            .Build(Report(), results, LabModelProvenance.FromPrompts(Model, ["prompt"]));

        var issues = bundle.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, new FhirAttributeValidator(), true);

        issues.Select(i => i.Message).Should().BeEmpty();
    }

    [Fact]
    public void StructuralValidation_ObservationWithoutCode_IsReported()
    {
        // Guards the test above: the validator does report a broken resource.
        var broken = new Bundle { Type = Bundle.BundleType.Transaction };
        broken.Entry.Add(new Bundle.EntryComponent { Resource = new Observation { Status = ObservationStatus.Final } });

        broken.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, new FhirAttributeValidator(), true).Should().NotBeEmpty();
    }

    private Bundle Build(IEnumerable<ExtractedLabRow> rows, DiagnosticReport? report = null, LabModelProvenance? provenance = null)
    {
        var builder = new LabTransactionBuilder(Options.Create(new LabMappingOptions()), _time);
        return builder.Build(report ?? Report(), _mapper.MapAll(rows, LabMappingTestData.Context()), provenance);
    }

    private static DiagnosticReport Report() => new()
    {
        Id = "dr-1",
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "58410-2", "CBC panel"),
        Subject = new ResourceReference("Patient/p-1"),
    };

    private static List<string> IdentifierValues(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().Select(o => o.Identifier.Single().Value!).ToList();

    private static List<string> Requests(Bundle bundle) =>
        bundle.Entry.Select(e => $"{e.Request.Method} {e.Request.Url} {e.Request.IfNoneExist} {e.Request.IfMatch}").ToList();
}
