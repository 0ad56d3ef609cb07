using FhirMedGemma.Inference.Constraints;
using FhirMedGemma.Inference.Engine.Onnx.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Inference;

/// <summary>The one call a host makes to get "the model" as an <see cref="IChatClient"/> (or none).</summary>
public static class MedGemmaServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="InferenceServiceCollectionExtensions.AddMedGemmaInference"/> with the in-process pieces plugged in:
    /// for <c>Inference:Mode=InProcess</c> the ONNX Runtime engine (<c>Inference:Engine</c>) and schema-constrained JSON
    /// decoding (<c>Inference:JsonConstraint</c>) over the model directory's <c>tokenizer.json</c>. Remote and None are
    /// passed through unchanged: a remote server cannot be constrained token by token, so callers keep strict parsing.
    /// </summary>
    public static IServiceCollection AddMedGemma(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddMedGemmaInference(configuration, static (s, c) =>
        {
            s.AddOnnxGenerationEngine(c);
            AddJsonConstraintsWhenVocabularyExists(s, c);
        });
    }

    private static void AddJsonConstraintsWhenVocabularyExists(IServiceCollection services, IConfiguration configuration)
    {
        // Directories that ship only tokenizer.model have no byte-exact vocabulary file: the chat client then runs
        // unconstrained and the lab extractor's strict parse + repair retry is what guards the JSON.
        var directory = configuration[$"{MedGemmaInferenceOptions.SectionName}:ModelDirectory"];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        var tokenizerJson = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(tokenizerJson))
        {
            return;
        }

        services.AddOptions<JsonConstraintOptions>().Bind(configuration.GetSection(JsonConstraintOptions.SectionName));
        services.AddJsonSchemaConstraints(_ => TokenVocabulary.Load(tokenizerJson));
    }
}
