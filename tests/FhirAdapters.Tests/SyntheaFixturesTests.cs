using FhirMedGemma.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.FhirAdapters.Tests;

public sealed class SyntheaFixturesTests
{
    [Fact]
    public void SyntheaBundles_InRepository_EachParseAsR4BundleWithOnePatient()
    {
        var bundles = RepoFixtures.SyntheaBundles;

        bundles.Should().HaveCountGreaterThanOrEqualTo(6, "small, medium and large bundles are committed");
        var parser = new FhirJsonDeserializer();
        foreach (var path in bundles)
        {
            var bundle = parser.Deserialize<Bundle>(File.ReadAllText(path));
            bundle.Entry.Select(e => e.Resource).OfType<Patient>().Should().ContainSingle(Path.GetFileName(path));
        }
    }
}
