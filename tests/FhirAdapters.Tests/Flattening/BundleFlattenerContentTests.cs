using System.Text;
using FhirMedGemma.FhirAdapters.Flattening;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class BundleFlattenerContentTests
{
    private readonly BundleFlattener _flattener = FlattenerFactory.Create();

    [Fact]
    public void Flatten_RepeatedLab_ShowsLatestValueWithRangeInterpretationAndTrend()
    {
        var latest = TestBundles.Lab("4548-4", "HbA1c", 8.1m, "%", "2023-06-01", id: "a3");
        latest.ReferenceRange = [new Observation.ReferenceRangeComponent { Low = new Quantity(4.0m, "%"), High = new Quantity(5.6m, "%") }];
        latest.Interpretation = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H")];
        var bundle = TestBundles.With(TestBundles.Lab("4548-4", "HbA1c", 7.9m, "%", "2019-02-01", id: "a1"), latest);
        var flattener = FlattenerFactory.Create(new FlatteningOptions { TrendLength = 2 });

        var record = flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        record.Section("Laboratory results").Should().Equal("- HbA1c: 8.1 % (2023-06-01; ref 4.0–5.6 %; high); trend 7.9 → 8.1 % (2019–2023) [2]");
        record.Citations["2"].Should().Equal("Observation/a3", "Observation/a1");
    }

    [Fact]
    public void Flatten_TrendLongerThanShown_CountsAllResults()
    {
        var labs = Enumerable.Range(0, 5).Select(i => TestBundles.Lab("2345-7", "Glucose", 90m + i, "mg/dL", $"202{i}-01-01")).ToArray();

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(labs)));

        record.Section("Laboratory results").Should().ContainSingle()
            .Which.Should().StartWith("- Glucose: 94 mg/dL (2024-01-01); trend 92 → 93 → 94 mg/dL (2022–2024, 5 results)");
    }

    [Fact]
    public void Flatten_BloodPressureWithComponents_PrintsSystolicOverDiastolic()
    {
        var bp = new Observation
        {
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
            Code = new CodeableConcept("http://loinc.org", "85354-9", "Blood pressure panel", "Blood Pressure"),
            Subject = TestBundles.Subject,
            Effective = new FhirDateTime("2024-01-05"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8462-4"), Value = new Quantity(81.6m, "mm[Hg]") },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = new Quantity(128.123456m, "mm[Hg]") },
            ],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(bp)));

        record.Section("Vital signs").Should().Equal("- Blood Pressure: 128/81.6 mm[Hg] (2024-01-05) [2]");
    }

    [Fact]
    public void Flatten_OddUnits_AreNeverConverted()
    {
        var bundle = TestBundles.With(
            TestBundles.Lab("10834-0", "Globulin", 2.76m, "g/L", "2024-01-01"),
            TestBundles.Lab("2885-2", "Protein", 7.1m, "g/dL", "2024-01-01"),
            TestBundles.Lab("1751-7", "Albumin", 4.2m, "g/dL", "2023-01-01"),
            TestBundles.Lab("1751-7", "Albumin", 43m, "g/L", "2024-01-01"));

        var labs = _flattener.Flatten(FlatteningRequest.FromBundle(bundle)).Section("Laboratory results");

        labs.Should().Contain(l => l.StartsWith("- Globulin: 2.76 g/L", StringComparison.Ordinal));
        labs.Should().Contain(l => l.StartsWith("- Protein: 7.1 g/dL", StringComparison.Ordinal));
        labs.Should().Contain(l => l.StartsWith("- Albumin: 43 g/L (2024-01-01); trend 4.2 g/dL → 43 g/L", StringComparison.Ordinal));
    }

    [Fact]
    public void Flatten_SameNoteAsReportAndDocument_IncludesItOnceCitingBoth()
    {
        var note = Encoding.UTF8.GetBytes("2024-01-05\r\n\r\n# Chief Complaint\r\n- Cough\r\n");
        var report = new DiagnosticReport
        {
            Id = "dr-1",
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "34117-2", "History and physical note", "History and physical note"),
            Subject = TestBundles.Subject,
            Effective = new FhirDateTime("2024-01-05"),
            PresentedForm = [new Attachment { ContentType = "text/plain; charset=utf-8", Data = note }],
        };
        var document = new DocumentReference
        {
            Id = "doc-1",
            Status = DocumentReferenceStatus.Superseded,
            Type = report.Code,
            Subject = TestBundles.Subject,
            DateElement = new Instant(new DateTimeOffset(2024, 1, 5, 10, 0, 0, TimeSpan.Zero)),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = note } }],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromText(TestBundles.With(report, document).ToJson()));

        record.Section("Clinical notes").Should().Equal("- 2024-01-05 History and physical note: [2]", "  2024-01-05", "  # Chief Complaint", "  - Cough");
        record.Citations["2"].Should().BeEquivalentTo("DiagnosticReport/dr-1", "DocumentReference/doc-1");
        record.DuplicateNotesRemoved.Should().Be(1);
    }

    [Theory]
    [InlineData(false, "  [patient] reports Alcohol use; Al-Anon advised.")]
    [InlineData(true, "  Al reports Alcohol use; Al-Anon advised.")]
    public void Flatten_NoteNamingThePatient_ReplacesTheNameUnlessIdentityIsIncluded(bool includeIdentity, string expected)
    {
        var bundle = TestBundles.With(new DocumentReference
        {
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept(null, null, "Progress note"),
            Subject = TestBundles.Subject,
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = Encoding.UTF8.GetBytes("Al reports Alcohol use; Al-Anon advised.") } }],
        });
        ((Patient)bundle.Entry[0].Resource!).Name = [new HumanName { Given = ["Al"], Family = "Quixote123" }];
        var flattener = FlattenerFactory.Create(new FlatteningOptions { IncludeIdentity = includeIdentity });

        var record = flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        record.Section("Clinical notes")[1].Should().Be(expected);
    }

    [Fact]
    public void Flatten_QuestionnaireScoresFiledAsLabReport_AreNotListedAsLabs()
    {
        var phq = TestBundles.Survey("44261-6", "PHQ-9 total score", 12m, "2024-01-05");
        var report = new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB")],
            Code = new CodeableConcept("http://loinc.org", "44249-1", "PHQ-9 quick depression assessment panel", null),
            Subject = TestBundles.Subject,
            Result = [new ResourceReference($"urn:uuid:{phq.Id}")],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(phq, report)));

        record.Headings().Should().NotContain("Laboratory results");
        record.Section("Questionnaire scores and other observations").Should().Equal("- PHQ-9 total score: 12 (2024-01-05) [2]");
    }

    [Fact]
    public void Flatten_UncategorisedResultOfALabReport_IsListedAsLab()
    {
        var potassium = TestBundles.Lab("2823-3", "Potassium", 4.1m, "mmol/L", "2024-01-05");
        potassium.Category.Clear();
        var report = new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB")],
            Code = new CodeableConcept("http://loinc.org", "24323-8", "Metabolic panel", null),
            Subject = TestBundles.Subject,
            Result = [new ResourceReference($"urn:uuid:{potassium.Id}")],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(potassium, report)));

        record.Section("Laboratory results").Should().Equal("- Potassium: 4.1 mmol/L (2024-01-05) [2]");
    }

    [Fact]
    public void Flatten_UnknownResourceTypes_AreSkippedAndCounted()
    {
        var bundle = TestBundles.With(new Claim(), new Claim(), new Provenance(), new Basic());

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        record.SkippedResourceTypes.Should().Equal(new Dictionary<string, int> { ["Basic"] = 1, ["Claim"] = 2, ["Provenance"] = 1 });
        record.ResourcesRead.Should().Be(5);
    }

    [Fact]
    public void Flatten_AsOfDate_SetsAgeAndLeavesOutLaterFacts()
    {
        var bundle = TestBundles.With(
            TestBundles.Lab("2345-7", "Glucose", 95m, "mg/dL", "2019-05-01"),
            TestBundles.Lab("2345-7", "Glucose", 180m, "mg/dL", "2024-05-01"));
        var request = FlatteningRequest.FromBundle(bundle) with { AsOf = new DateTimeOffset(2020, 3, 9, 0, 0, 0, TimeSpan.Zero) };

        var record = _flattener.Flatten(request);

        record.Text.Should().StartWith("Patient record as of 2020-03-09.");
        record.Section("Patient").Should().Equal("- 59-year-old female [1]");
        record.Section("Laboratory results").Should().Equal("- Glucose: 95 mg/dL (2019-05-01) [2]");
    }

    [Theory]
    [InlineData("2026-01-05", "10-day-old")]
    [InlineData("2025-03-20", "9-month-old")]
    [InlineData("2023-01-16", "2-year-old")]
    public void Flatten_YoungPatient_AgeInDaysMonthsOrYears(string birthDate, string expected)
    {
        var bundle = TestBundles.With();
        ((Patient)bundle.Entry[0].Resource!).BirthDate = birthDate;

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(bundle));

        record.Section("Patient").Should().Equal($"- {expected} female [1]");
    }

    [Fact]
    public void Flatten_DefaultAsOf_IsTheTimeProvidersNow()
    {
        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With()));

        record.AsOf.Should().Be(FlattenerFactory.Now);
        record.Section("Patient").Should().Equal("- 65-year-old female [1]");
    }

    [Fact]
    public void Flatten_IncludeIdentity_AddsNameAndAddress()
    {
        var flattener = FlattenerFactory.Create(new FlatteningOptions { IncludeIdentity = true });

        var patient = flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With())).Section("Patient");

        patient.Should().Contain($"- Name: {TestBundles.PatientName} Quixote123 [2]").And.Contain("- Born 1960-03-10 [3]");
        patient.Should().Contain(l => l.Contains("77 Hidden Lane", StringComparison.Ordinal));
    }

    [Fact]
    public void Flatten_ProblemsAllergiesAndMedications_ReadAsClinicalLines()
    {
        var active = new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = new CodeableConcept("http://snomed.info/sct", "44054006", "Diabetes", "Diabetes mellitus type 2"),
            Subject = TestBundles.Subject,
            Onset = new FhirDateTime("2015-04-01"),
        };
        var resolved = new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved"),
            Code = new CodeableConcept("http://snomed.info/sct", "444814009", "Viral sinusitis", "Viral sinusitis"),
            Subject = TestBundles.Subject,
            Onset = new FhirDateTime("2020-01-03"),
            Abatement = new FhirDateTime("2020-01-17"),
        };
        var allergy = new AllergyIntolerance
        {
            Code = new CodeableConcept("http://snomed.info/sct", "91935009", "Peanut", "Allergy to peanuts"),
            Patient = TestBundles.Subject,
            Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.High,
            Reaction = [new AllergyIntolerance.ReactionComponent { Manifestation = [new CodeableConcept(null, null, "Anaphylaxis")], Severity = AllergyIntolerance.AllergyIntoleranceSeverity.Severe }],
        };
        var metformin = new MedicationRequest
        {
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "860975", "Metformin 500 MG", "Metformin 500 MG Oral Tablet"),
            Subject = TestBundles.Subject,
            AuthoredOnElement = new FhirDateTime("2015-04-02"),
            DosageInstruction =
            [
                new Dosage
                {
                    Timing = new Timing { Repeat = new Timing.RepeatComponent { Frequency = 2, Period = 1.0m, PeriodUnit = Timing.UnitsOfTime.D } },
                    DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = 1.0m } }],
                },
            ],
        };

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(active, resolved, allergy, metformin)));

        record.Section("Active problems").Should().Equal("- Diabetes mellitus type 2 (since 2015-04-01) [2]");
        record.Section("Resolved problems").Should().Equal("- Viral sinusitis (2020-01-03 to 2020-01-17) [3]");
        record.Section("Allergies and intolerances").Should().Equal("- Allergy to peanuts (criticality high; reaction: Anaphylaxis (severe)) [4]");
        record.Section("Active medications").Should().Equal("- Metformin 500 MG Oral Tablet: 1, 2×/d (since 2015-04-02) [5]");
    }

    [Fact]
    public void Flatten_ReportConclusionsCarePlansGoalsAndRepeatedEvents_ReadAsClinicalLines()
    {
        var report = new DiagnosticReport
        {
            Id = "dr-ct",
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "24627-2", "Chest CT", "Chest CT"),
            Subject = TestBundles.Subject,
            Effective = new FhirDateTime("2024-02-10"),
            Conclusion = "No pulmonary embolism.",
        };
        var plan = new CarePlan
        {
            Status = RequestStatus.Active,
            Intent = CarePlan.CarePlanIntent.Order,
            Category = [new CodeableConcept("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan"), new CodeableConcept("http://snomed.info/sct", "698360004", "Diabetes self management plan", "Diabetes self management plan")],
            Subject = TestBundles.Subject,
            Period = new Period { Start = "2023-01-01" },
            Activity = [new CarePlan.ActivityComponent { Detail = new CarePlan.DetailComponent { Code = new CodeableConcept(null, null, "Diabetic diet"), Status = CarePlan.CarePlanActivityStatus.InProgress } }],
        };
        var goal = new Goal
        {
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept(null, null, "HbA1c below 7.0"),
            Subject = TestBundles.Subject,
        };
        Immunization Flu(string date) => new()
        {
            Status = Immunization.ImmunizationStatusCodes.Completed,
            VaccineCode = new CodeableConcept("http://hl7.org/fhir/sid/cvx", "140", "Influenza, seasonal", "Influenza, seasonal"),
            Patient = TestBundles.Subject,
            Occurrence = new FhirDateTime(date),
        };

        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With(report, plan, goal, Flu("2022-10-01"), Flu("2023-10-01"))));

        record.Section("Diagnostic report conclusions").Should().Equal("- 2024-02-10 Chest CT: No pulmonary embolism. [5]");
        record.Section("Care plans and goals").Should().Equal(
            "- Diabetes self management plan (since 2023-01-01); activities: Diabetic diet [3]",
            "- Goal: HbA1c below 7.0 (active) [4]");
        record.Section("Immunizations").Should().Equal("- Influenza, seasonal (last 2023-10-01, ×2) [2]");
        record.Citations["2"].Should().HaveCount(2);
    }

    [Fact]
    public void Flatten_NoAllergiesProblemsOrMedications_SaysNoneRecordedWithoutCitation()
    {
        var record = _flattener.Flatten(FlatteningRequest.FromBundle(TestBundles.With()));

        record.Section("Allergies and intolerances").Should().Equal("- None recorded");
        record.Citations.Should().ContainSingle("only the patient line cites a source");
    }
}
