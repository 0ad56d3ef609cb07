using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Parsing;

/// <summary>
/// The bundle's resources with the lookups references need: by fullUrl (<c>urn:uuid:</c>, absolute URLs) and by
/// <c>Type/id</c>. Finds the one Patient and knows how each resource is cited.
/// </summary>
internal sealed class RecordIndex
{
    private readonly Dictionary<string, Resource> _byFullUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> _byTypeAndId = new(StringComparer.Ordinal);
    private readonly Dictionary<Resource, string> _citation = new(ReferenceEqualityComparer.Instance);
    private readonly List<Resource> _resources = [];

    private RecordIndex(Patient patient) => Patient = patient;

    public Patient Patient { get; }

    public string PatientReference => _citation[Patient];

    /// <summary>Every entry resource in bundle order.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    public static RecordIndex Build(Bundle bundle, FlatteningOptions options)
    {
        if (bundle.Entry.Count > options.MaxBundleEntries)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.BundleTooLarge,
                $"The bundle has {bundle.Entry.Count} entries; the limit (Flattening:MaxBundleEntries) is {options.MaxBundleEntries}.",
                OperationOutcome.IssueType.TooCostly,
                "Bundle.entry");
        }

        var patients = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Take(2).ToList();
        if (patients.Count == 0)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.PatientMissing, "The bundle holds no Patient resource.", OperationOutcome.IssueType.Required, "Bundle.entry");
        }

        if (patients.Count > 1)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.MultiplePatients,
                "The bundle holds more than one Patient resource; flatten one patient's record at a time.",
                OperationOutcome.IssueType.BusinessRule,
                "Bundle.entry");
        }

        var index = new RecordIndex(patients[0]);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            index.Add(bundle.Entry[i], i);
        }

        return index;
    }

    /// <summary>The reference a fact built from <paramref name="resource"/> cites.</summary>
    public string CitationOf(Resource resource) => _citation[resource];

    public bool TryGetByFullUrl(string fullUrl, out Resource resource) => _byFullUrl.TryGetValue(fullUrl, out resource!);

    public bool TryGetByTypeAndId(string typeAndId, out Resource resource) => _byTypeAndId.TryGetValue(typeAndId, out resource!);

    private void Add(Bundle.EntryComponent entry, int position)
    {
        var resource = entry.Resource;
        if (resource is null)
        {
            return;
        }

        _resources.Add(resource);
        var typeAndId = string.IsNullOrEmpty(resource.Id) ? null : $"{resource.TypeName}/{resource.Id}";
        if (typeAndId is not null)
        {
            _byTypeAndId.TryAdd(typeAndId, resource);
        }

        if (!string.IsNullOrEmpty(entry.FullUrl))
        {
            _byFullUrl.TryAdd(entry.FullUrl, resource);
        }

        _citation[resource] = typeAndId ?? entry.FullUrl ?? $"Bundle.entry[{position}]";
    }
}
