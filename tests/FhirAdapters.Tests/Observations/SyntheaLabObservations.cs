using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

/// <summary>Every laboratory Observation with a single value in the committed Synthea fixtures.</summary>
internal static class SyntheaLabObservations
{
    private static readonly Lazy<IReadOnlyList<Observation>> Cache = new(Load);

    public static IReadOnlyList<Observation> All() => Cache.Value;

    private static List<Observation> Load()
    {
        var parser = new FhirJsonDeserializer();
        return RepoFixtures.SyntheaBundles
            .SelectMany(path => parser.Deserialize<Bundle>(File.ReadAllText(path)).Entry)
            .Select(e => e.Resource)
            .OfType<Observation>()
            .Where(o => o.Category.Any(c => c.Coding.Any(cc => cc.Code == "laboratory")))
            .Where(o => o.Value is Quantity or CodeableConcept)
            .ToList();
    }
}
