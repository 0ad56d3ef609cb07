using FhirMedGemma.FhirAdapters.Observations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Tests.Observations;

public sealed class LabObservationMappingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLabObservationMapping_BindsSectionAndResolvesMapperAndBuilder()
    {
        using var provider = Build(new() { ["LabMapping:IdentifierSystemBase"] = "https://lab.example.org/ids", ["LabMapping:MaxRowsPerTransaction"] = "50" });

        provider.GetRequiredService<IOptions<LabMappingOptions>>().Value.MaxRowsPerTransaction.Should().Be(50);
        provider.GetRequiredService<ObservationMapper>().Should().NotBeNull();
        provider.GetRequiredService<LoincCatalog>().Should().BeSameAs(LoincCatalog.Default);
        var mapper = provider.GetRequiredService<ObservationMapper>();
        var bundle = provider.GetRequiredService<LabTransactionBuilder>().Build(
            new Hl7.Fhir.Model.DiagnosticReport { Id = "r" },
            [mapper.Map(new ExtractedLabRow("Sodium", "140", "mmol/L"), LabMappingTestData.Context())]);

        bundle.Entry[0].Request!.IfNoneExist.Should().StartWith("identifier=https://lab.example.org/ids/lab-observation|");
    }

    [Theory]
    [InlineData("LabMapping:IdentifierSystemBase", "not a uri")]
    [InlineData("LabMapping:IdentifierSystemBase", "https://lab.example.org/ids?x=1")]
    [InlineData("LabMapping:IdentifierSystemBase", "urn:oid:1.2.3.4")]
    [InlineData("LabMapping:MaxRowsPerTransaction", "0")]
    [InlineData("LabMapping:ReportTimeZone", "Mars/Olympus_Mons")]
    public void AddLabObservationMapping_InvalidOption_FailsValidation(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var act = () => provider.GetRequiredService<IOptions<LabMappingOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*LabMapping*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLabObservationMapping();
        return services.BuildServiceProvider();
    }
}
