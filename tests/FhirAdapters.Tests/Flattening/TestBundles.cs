using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

/// <summary>Small hand-built bundles in the shapes Synthea and FHIR servers produce, one edge case at a time.</summary>
internal static class TestBundles
{
    public const string PatientUrl = "urn:uuid:00000000-0000-0000-0000-000000000001";
    public const string PatientName = "Zebulon917";

    public static Patient Patient() => new()
    {
        Id = "00000000-0000-0000-0000-000000000001",
        Gender = AdministrativeGender.Female,
        BirthDate = "1960-03-10",
        Name = [new HumanName { Given = [PatientName], Family = "Quixote123" }],
        Address = [new Address { Line = ["77 Hidden Lane"], City = "Springfield" }],
        Identifier = [new Identifier("http://hl7.org/fhir/sid/us-ssn", "999-12-3456")],
    };

    public static ResourceReference Subject => new(PatientUrl);

    /// <summary>A bundle of the given type with the patient first and each resource under a urn:uuid fullUrl.</summary>
    public static Bundle With(Bundle.BundleType type, params Resource[] resources)
    {
        var bundle = new Bundle { Type = type };
        bundle.Entry.Add(Entry(Patient(), PatientUrl, type));
        foreach (var resource in resources)
        {
            resource.Id ??= Guid.NewGuid().ToString();
            bundle.Entry.Add(Entry(resource, $"urn:uuid:{resource.Id}", type));
        }

        return bundle;
    }

    public static Bundle With(params Resource[] resources) => With(Bundle.BundleType.Collection, resources);

    public static Observation Lab(string loinc, string name, decimal value, string unit, string date, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
        Code = new CodeableConcept("http://loinc.org", loinc, name, name),
        Subject = Subject,
        Effective = new FhirDateTime(date),
        Value = new Quantity { Value = value, Unit = unit, System = "http://unitsofmeasure.org", Code = unit },
    };

    public static Observation Survey(string loinc, string name, decimal value, string date) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey")],
        Code = new CodeableConcept("http://loinc.org", loinc, name, name),
        Subject = Subject,
        Effective = new FhirDateTime(date),
        Value = new Quantity { Value = value, Unit = "{score}" },
    };

    private static Bundle.EntryComponent Entry(Resource resource, string fullUrl, Bundle.BundleType type)
    {
        var entry = new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource };
        if (type == Bundle.BundleType.Transaction)
        {
            entry.Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName };
        }
        else if (type == Bundle.BundleType.Searchset)
        {
            entry.Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match };
        }

        return entry;
    }
}
