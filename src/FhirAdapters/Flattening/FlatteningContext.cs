using FhirMedGemma.FhirAdapters.Flattening.Parsing;
using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>What every section builder reads: the indexed record, the as-of date and the options of this call.</summary>
internal sealed class FlatteningContext(RecordIndex index, DateTimeOffset asOf, FlatteningOptions options)
{
    public RecordIndex Index { get; } = index;

    public ReferenceResolver References { get; } = new(index);

    public DateTimeOffset AsOf { get; } = asOf;

    public FlatteningOptions Options { get; } = options;

    /// <summary>Resources of one type, in bundle order.</summary>
    public IEnumerable<T> All<T>()
        where T : Resource => Index.Resources.OfType<T>();

    /// <summary>Whether a fact dated <paramref name="when"/> lies after the as-of date and so is not part of the record yet.</summary>
    public bool IsAfterAsOf(DataType? when) => ClinicalDate.Instant(when) is { } instant && instant > AsOf;

    /// <summary>Checks that the resource is about this bundle's patient (the reference must resolve when it is local).</summary>
    /// <exception cref="InvalidClinicalInputException">The subject reference is broken.</exception>
    public void RequireSubject(ResourceReference? subject, Resource resource, string path) =>
        References.Resolve(subject, resource, path);

    public string Cite(Resource resource) => Index.CitationOf(resource);
}
