using FhirMedGemma.FhirAdapters.Observations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers lab-row → Observation mapping and the transaction builder.</summary>
public static class LabObservationMappingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LoincCatalog"/> (the embedded table), <see cref="UcumUnitNormalizer"/>, <see cref="ObservationMapper"/>
    /// and <see cref="LabTransactionBuilder"/> as singletons, with <see cref="LabMappingOptions"/> bound to the
    /// "LabMapping" section and validated on start. Existing registrations (a custom catalog, a fake TimeProvider) win.
    /// </summary>
    public static IServiceCollection AddLabObservationMapping(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LabMappingOptions>()
            .BindConfiguration(LabMappingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LabMappingOptions>, LabMappingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => LoincCatalog.Default);
        services.TryAddSingleton(_ => UcumUnitNormalizer.Default);
        services.TryAddSingleton<ObservationMapper>();
        services.TryAddSingleton<LabTransactionBuilder>();
        return services;
    }
}
