using FhirMedGemma.FhirAdapters.Flattening;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class BundleFlattenerReferenceTests
{
    private readonly BundleFlattener _flattener = FlattenerFactory.Create();

    [Fact]
    public void Flatten_ConditionalReferencesToPractitionerOrganizationLocationOutsideTheBundle_KeepDisplayAndSucceed()
    {
        var encounter = new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Type = [new CodeableConcept("http://snomed.info/sct", "185349003", "Encounter for check up", "Encounter for check up")],
            Subject = TestBundles.Subject,
            Period = new Period { Start = "2024-01-02T10:00:00-05:00" },
            Participant = [new Encounter.ParticipantComponent { Individual = new ResourceReference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999999", "Dr. Who") }],
            Location = [new Encounter.LocationComponent { Location = new ResourceReference("Location?identifier=x|1", "Clinic") }],
            ServiceProvider = new ResourceReference("Organization?identifier=x|2", "Hospital"),
        };
        var request = new MedicationRequest
        {
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new ResourceReference("Medication?code=http://www.nlm.nih.gov/research/umls/rxnorm|243670", "Aspirin 81 MG Oral Tablet"),
            Subject = new ResourceReference("Patient?identifier=http://hospital.smarthealthit.org|123"),
            Requester = new ResourceReference("Practitioner/not-in-bundle", "Dr. Who"),
            AuthoredOnElement = new FhirDateTime("2024-01-02"),
        };

        var record = _flattener.Flatten(FlatteningRequest.FromText(TestBundles.With(Bundle.BundleType.Transaction, encounter, request).ToJson()));

        record.Section("Recent encounters").Should().ContainSingle().Which.Should().StartWith("- 2024-01-02 Encounter for check up (AMB)");
        record.Section("Active medications").Should().ContainSingle().Which.Should().StartWith("- Aspirin 81 MG Oral Tablet (since 2024-01-02)");
    }

    [Fact]
    public void Flatten_ContainedMedication_NamesTheMedicationAndCitesTheRequest()
    {
        var request = new MedicationRequest
        {
            Id = "req-1",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Contained = [new Medication { Id = "med1", Code = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "197361", "Amlodipine 5 MG Oral Tablet", null) }],
            Medication = new ResourceReference("#med1"),
            Subject = TestBundles.Subject,
            DosageInstruction = [new Dosage { Text = "1 tablet daily" }],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromText(TestBundles.With(request).ToJson()));

        record.Section("Active medications").Should().Equal("- Amlodipine 5 MG Oral Tablet: 1 tablet daily [2]");
        record.Citations["2"].Should().Equal("MedicationRequest/req-1");
    }

    [Fact]
    public void Flatten_RelativeReferencesBetweenEntries_Resolve()
    {
        var condition = new Condition
        {
            Id = "cond-1",
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = new CodeableConcept("http://snomed.info/sct", "38341003", "Hypertension", "Hypertension"),
            Subject = new ResourceReference("Patient/00000000-0000-0000-0000-000000000001"),
        };
        var encounter = new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Subject = new ResourceReference("http://example.org/fhir/Patient/00000000-0000-0000-0000-000000000001/_history/3"),
            Period = new Period { Start = "2024-03-01" },
            ReasonReference = [new ResourceReference("Condition/cond-1")],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromText(TestBundles.With(Bundle.BundleType.Searchset, condition, encounter).ToJson()));

        record.Section("Recent encounters").Should().ContainSingle().Which.Should().Contain("reason: Hypertension");
    }

    public static TheoryData<string, string> BrokenReferences() => new()
    {
        { "urn:uuid:99999999-9999-9999-9999-999999999999", "Observation.subject" },
        { "Patient/someone-else", "Observation.subject" },
        { "#missing", "Observation.subject" },
    };

    [Theory]
    [MemberData(nameof(BrokenReferences))]
    public void Flatten_SubjectThatShouldBeInTheBundleAndIsNot_ThrowsBrokenReference(string reference, string expression)
    {
        var observation = TestBundles.Lab("2345-7", "Glucose", 95m, "mg/dL", "2024-02-01", id: "obs-1");
        observation.Subject = new ResourceReference(reference);

        var act = () => _flattener.Flatten(FlatteningRequest.FromText(TestBundles.With(observation).ToJson()));

        var error = act.Should().Throw<InvalidClinicalInputException>().Which;
        error.ErrorCode.Should().Be(FhirAdapterErrorCodes.BrokenReference);
        error.Expression.Should().Be(expression);
        error.Message.Should().Contain("Observation/obs-1").And.NotContain("Glucose").And.NotContain(TestBundles.PatientName);
    }

    [Fact]
    public void Flatten_EncounterMissingFromTheBundle_ThrowsBrokenReference()
    {
        var observation = TestBundles.Lab("2345-7", "Glucose", 95m, "mg/dL", "2024-02-01");
        observation.Encounter = new ResourceReference("urn:uuid:12345678-0000-0000-0000-000000000000");

        var act = () => _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(observation)));

        act.Should().Throw<InvalidClinicalInputException>().Which.Expression.Should().Be("Observation.encounter");
    }

    [Fact]
    public void Flatten_ReportResultMissingFromTheBundle_ThrowsBrokenReference()
    {
        var report = new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "24323-8", "Metabolic panel", null),
            Subject = TestBundles.Subject,
            Result = [new ResourceReference("Observation/gone")],
        };

        var act = () => _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(report)));

        act.Should().Throw<InvalidClinicalInputException>().Which.Expression.Should().Be("DiagnosticReport.result[0]");
    }
}
