using FhirMedGemma.FhirAdapters.Flattening.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening.Sections;

/// <summary>A resource with the date it is sorted and printed by.</summary>
internal sealed record DatedItem<T>(T Resource, DateTimeOffset? Instant, string? Day, string Citation)
    where T : Resource
{
    public static DatedItem<T> Of(FlatteningContext context, T resource, DataType? when) =>
        new(resource, ClinicalDate.Instant(when), ClinicalDate.Day(when), context.Cite(resource));

    /// <summary>Newest first; undated last; ties broken by citation so output never depends on bundle order.</summary>
    public static IOrderedEnumerable<DatedItem<T>> NewestFirst(IEnumerable<DatedItem<T>> items) =>
        items.OrderByDescending(i => i.Instant ?? DateTimeOffset.MinValue).ThenBy(i => i.Citation, StringComparer.Ordinal);
}
