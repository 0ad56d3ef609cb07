using FhirMedGemma.Inference.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>Registers schema-constrained decoding for the in-process engine.</summary>
public static class ConstraintsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITokenConstraintFactory"/> as a singleton <see cref="JsonSchemaConstraintFactory"/> over the
    /// vocabulary <paramref name="vocabulary"/> returns (typically <c>TokenVocabulary.Load(modelDir/tokenizer.json)</c>),
    /// with <see cref="JsonConstraintOptions"/> validated on start. Bind the options where configuration is available,
    /// e.g. <c>services.AddOptions&lt;JsonConstraintOptions&gt;().BindConfiguration(JsonConstraintOptions.SectionName)</c>.
    /// </summary>
    public static IServiceCollection AddJsonSchemaConstraints(
        this IServiceCollection services, Func<IServiceProvider, TokenVocabulary> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(vocabulary);
        services.AddOptions<JsonConstraintOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonConstraintOptions>, JsonConstraintOptionsValidator>());
        services.TryAddSingleton(sp => new JsonSchemaConstraintFactory(
            vocabulary(sp), sp.GetRequiredService<IOptions<JsonConstraintOptions>>().Value));
        services.TryAddSingleton<ITokenConstraintFactory>(sp => sp.GetRequiredService<JsonSchemaConstraintFactory>());
        return services;
    }
}
