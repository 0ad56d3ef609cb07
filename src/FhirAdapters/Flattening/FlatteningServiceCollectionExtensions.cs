using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>Registers the bundle flattener.</summary>
public static class FlatteningServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BundleFlattener"/> (singleton), <see cref="FlatteningOptions"/> bound from the <c>Flattening</c>
    /// section and validated on start, and replaceable defaults: <see cref="CharacterEstimateTokenCounter"/> as
    /// <see cref="ITokenCounter"/> and <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <remarks>Binding needs an <c>IConfiguration</c> in the container (every host registers one).</remarks>
    public static IServiceCollection AddFhirFlattening(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptionsWithValidateOnStart<FlatteningOptions, FlatteningOptionsValidator>().BindConfiguration(FlatteningOptions.SectionName);
        services.TryAddSingleton<ITokenCounter, CharacterEstimateTokenCounter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BundleFlattener>();
        return services;
    }
}
