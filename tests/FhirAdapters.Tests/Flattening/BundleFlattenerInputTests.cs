using System.Text;
using FhirMedGemma.FhirAdapters.Flattening;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class BundleFlattenerInputTests
{
    private readonly BundleFlattener _flattener = FlattenerFactory.Create();

    [Fact]
    public void Flatten_XmlAndJsonOfTheSameBundle_GiveTheSameText()
    {
        var bundle = TestBundles.With(TestBundles.Lab("4548-4", "HbA1c", 8.1m, "%", "2023-05-01"));

        var fromJson = _flattener.Flatten(FlatteningRequest.FromText(bundle.ToJson()));
        var fromXml = _flattener.Flatten(FlatteningRequest.FromUtf8(Encoding.UTF8.GetBytes(bundle.ToXml())));
        var fromXmlText = _flattener.Flatten(FlatteningRequest.FromText(bundle.ToXml(), FlatteningInputFormat.Xml));

        fromXml.Text.Should().Be(fromJson.Text).And.Contain("HbA1c: 8.1 %");
        fromXmlText.Text.Should().Be(fromJson.Text);
    }

    [Theory]
    [InlineData(Bundle.BundleType.Collection)]
    [InlineData(Bundle.BundleType.Transaction)]
    [InlineData(Bundle.BundleType.Searchset)]
    [InlineData(Bundle.BundleType.Document)]
    public void Flatten_EachBundleType_ReadsTheRecord(Bundle.BundleType type)
    {
        var bundle = TestBundles.With(type, TestBundles.Lab("2345-7", "Glucose", 95m, "mg/dL", "2024-02-01"));
        if (type == Bundle.BundleType.Document)
        {
            bundle.Entry.Insert(0, new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:c0000000-0000-0000-0000-000000000000",
                Resource = new Composition { Id = "c0000000-0000-0000-0000-000000000000", Subject = TestBundles.Subject, Title = "Summary" },
            });
        }

        var record = _flattener.Flatten(FlatteningRequest.FromText(bundle.ToJson()));

        record.Section("Laboratory results").Should().ContainSingle().Which.Should().StartWith("- Glucose: 95 mg/dL (2024-02-01)");
        record.SkippedResourceTypes.Should().BeEquivalentTo(type == Bundle.BundleType.Document ? new Dictionary<string, int> { ["Composition"] = 1 } : []);
    }

    [Fact]
    public void Flatten_ByteOrderMarkAndLeadingBlanks_AreAccepted()
    {
        var json = TestBundles.With().ToJson();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\n  " + json)).ToArray();

        _flattener.Flatten(FlatteningRequest.FromUtf8(bytes)).Section("Patient").Should().ContainSingle();
    }

    [Theory]
    [InlineData("hello, not a bundle")]
    [InlineData("")]
    [InlineData("{ \"resourceType\": \"Bundle\", \"entry\": [ ")]
    [InlineData("{\"foo\": 1}")]
    [InlineData("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/>")]
    public void Flatten_InputThatIsNotFhir_ThrowsNotFhir(string input)
    {
        var act = () => _flattener.Flatten(FlatteningRequest.FromText(input));

        act.Should().Throw<InvalidClinicalInputException>().Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.NotFhir);
    }

    [Fact]
    public void Flatten_UnparseableDatesAndUnknownElements_AreTolerated()
    {
        const string json = """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","birthDate":"garbage","unknownElement":1}},
              {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final",
                "category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Sodium"},"subject":{"reference":"urn:uuid:p1"},
                "effectiveDateTime":"yesterday","valueQuantity":{"value":140,"unit":"mmol/L"}}}
            ]}
            """;

        var record = _flattener.Flatten(FlatteningRequest.FromText(json));

        record.Section("Patient").Should().Equal("- Age unknown, sex unknown [1]");
        record.Section("Laboratory results").Should().Equal("- Sodium: 140 mmol/L (yesterday) [2]");
    }

    [Theory]
    [InlineData("\"gender\":\"zebra-code\"", "")]
    [InlineData("", "\"status\":\"zebra-code\",")]
    public void Flatten_CodeOutsideItsValueSet_ThrowsInvalidValueWithoutQuotingIt(string patientElement, string observationElement)
    {
        var patient = "{\"resourceType\":\"Patient\",\"id\":\"p1\"" + (patientElement.Length > 0 ? "," + patientElement : string.Empty) + "}";
        var observation = "{\"resourceType\":\"Observation\",\"id\":\"o1\"," + observationElement
            + "\"code\":{\"text\":\"Sodium\"},\"subject\":{\"reference\":\"urn:uuid:p1\"},\"valueQuantity\":{\"value\":140,\"unit\":\"mmol/L\"}}";
        var json = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:p1\",\"resource\":" + patient
            + "},{\"fullUrl\":\"urn:uuid:o1\",\"resource\":" + observation + "}]}";

        var act = () => _flattener.Flatten(FlatteningRequest.FromText(json));

        var error = act.Should().Throw<InvalidClinicalInputException>().Which;
        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.InvalidValue);
        error.Message.Should().NotContain("zebra");
    }

    [Fact]
    public void Flatten_APatientInsteadOfABundle_ThrowsWrongResourceType()
    {
        var act = () => _flattener.Flatten(FlatteningRequest.FromText(TestBundles.Patient().ToJson()));

        var error = act.Should().Throw<InvalidClinicalInputException>().Which;
        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.WrongResourceType);
        error.Message.Should().Contain("Patient").And.NotContain(TestBundles.PatientName);
    }

    [Fact]
    public void Flatten_BundleWithoutPatient_ThrowsPatientMissing()
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:1", Resource = TestBundles.Lab("2345-7", "Glucose", 95m, "mg/dL", "2024-02-01") });

        var act = () => _flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        act.Should().Throw<InvalidClinicalInputException>().Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.PatientMissing);
    }

    [Fact]
    public void Flatten_BundleWithTwoPatients_ThrowsMultiplePatientsWithoutPatientData()
    {
        var second = TestBundles.Patient();
        second.Id = "second";
        var bundle = TestBundles.With(second);

        var act = () => _flattener.Flatten(FlatteningRequest.FromText(bundle.ToJson()));

        var error = act.Should().Throw<InvalidClinicalInputException>().Which;
        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.MultiplePatients);
        error.Message.Should().NotContain(TestBundles.PatientName).And.NotContain("1960");
    }

    [Fact]
    public void Flatten_MoreEntriesThanTheLimit_ThrowsBundleTooLarge()
    {
        var flattener = FlattenerFactory.Create(new FlatteningOptions { MaxBundleEntries = 2 });
        var bundle = TestBundles.With(new Condition(), new Condition());

        var act = () => flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        var error = act.Should().Throw<InvalidClinicalInputException>().Which;
        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.BundleTooLarge);
        error.IssueType.Should().Be(OperationOutcome.IssueType.TooCostly);
    }

    [Fact]
    public void Flatten_MoreBytesThanTheLimit_ThrowsBundleTooLarge()
    {
        var flattener = FlattenerFactory.Create(new FlatteningOptions { MaxBundleBytes = 100 });

        var act = () => flattener.Flatten(FlatteningRequest.FromText(TestBundles.With().ToJson()));

        act.Should().Throw<InvalidClinicalInputException>().Which.ErrorCode.Should().Be(FhirAdapterErrorCodes.BundleTooLarge);
    }

    [Fact]
    public void Flatten_InvalidPerRequestOptions_ThrowsArgumentException()
    {
        var request = FlatteningRequest.FromBundle(TestBundles.With()) with { Options = new FlatteningOptions { TrendLength = 0 } };

        var act = () => _flattener.Flatten(request);

        act.Should().Throw<ArgumentException>().WithMessage("*TrendLength*");
    }
}
