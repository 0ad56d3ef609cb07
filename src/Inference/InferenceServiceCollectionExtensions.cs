using System.ClientModel;
using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.Inference.Chat;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Images;
using FhirMedGemma.Inference.Prompts;
using FhirMedGemma.Inference.Tokenization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace FhirMedGemma.Inference;

/// <summary>Registers the model behind <see cref="IChatClient"/> according to <c>Inference:Mode</c>.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start) <c>Inference</c> → <see cref="MedGemmaInferenceOptions"/>, <c>Inference:Chat</c> →
    /// <see cref="MedGemmaChatClientOptions"/> and <c>Limits</c> → <see cref="ImagePreprocessorOptions"/>, then registers:
    /// <list type="bullet">
    /// <item><b>None</b>: no <see cref="IChatClient"/>.</item>
    /// <item><b>Remote</b>: an OpenAI-compatible client (Microsoft.Extensions.AI.OpenAI) for <c>Inference:Remote</c>.</item>
    /// <item><b>InProcess</b>: <see cref="GemmaTokenizer"/>, <see cref="GemmaChatTemplate"/>, <see cref="ImagePreprocessor"/>,
    /// <see cref="GemmaTokenCounter"/> as <see cref="ITokenCounter"/>, and <see cref="MedGemmaChatClient"/> over the container's
    /// <see cref="IGenerationEngine"/>.</item>
    /// </list>
    /// Both chat clients are wrapped with OpenTelemetry (no sensitive data) and logging that never writes content.
    /// </summary>
    /// <param name="engineRegistration">
    /// InProcess only: registers the <see cref="IGenerationEngine"/> (e.g. <c>(s, c) =&gt; s.AddOnnxGenerationEngine(c)</c>).
    /// When null, an <see cref="IGenerationEngine"/> must be registered by other means before the chat client is resolved.
    /// </param>
    public static IServiceCollection AddMedGemmaInference(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IServiceCollection, IConfiguration>? engineRegistration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<MedGemmaInferenceOptions>().Bind(configuration.GetSection(MedGemmaInferenceOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MedGemmaInferenceOptions>, MedGemmaInferenceOptionsValidator>();
        services.AddOptions<MedGemmaChatClientOptions>().Bind(configuration.GetSection(MedGemmaChatClientOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImagePreprocessorOptions>().Bind(configuration.GetSection(ImagePreprocessorOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        // The mode decides what is registered, so it is read now; everything else is read (and validated) from IOptions.
        var modeText = configuration[$"{MedGemmaInferenceOptions.SectionName}:Mode"];
        var mode = InferenceMode.None;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            throw new OptionsValidationException(
                MedGemmaInferenceOptions.SectionName, typeof(MedGemmaInferenceOptions), [$"Inference:Mode '{modeText}' is not one of None, InProcess, Remote."]);
        }

        switch (mode)
        {
            case InferenceMode.Remote:
                AddRemote(services);
                break;
            case InferenceMode.InProcess:
                AddInProcess(services, configuration, engineRegistration);
                break;
            default:
                break;
        }

        return services;
    }

    private static void AddRemote(IServiceCollection services)
    {
        services.AddChatClient(sp =>
            {
                var options = sp.GetRequiredService<IOptions<MedGemmaInferenceOptions>>().Value;
                var remote = options.Remote;

                // The OpenAI SDK insists on a credential; servers started without a key (vLLM's default) ignore it.
                var key = string.IsNullOrEmpty(remote.ApiKey) ? "no-key" : remote.ApiKey;
                var client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(remote.Endpoint!) });
                return client.GetChatClient(remote.Model).AsIChatClient();
            })
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = false)
            .UseContentFreeLogging();
    }

    private static void AddInProcess(IServiceCollection services, IConfiguration configuration, Action<IServiceCollection, IConfiguration>? engineRegistration)
    {
        static string Directory(IServiceProvider sp) => sp.GetRequiredService<IOptions<MedGemmaInferenceOptions>>().Value.ModelDirectory!;

        services.AddSingleton(sp => GemmaTokenizer.Load(Directory(sp)));
        services.AddSingleton(sp => GemmaChatTemplate.Load(Directory(sp)));
        services.AddSingleton(sp =>
        {
            // Text-only exports may ship without preprocessor_config.json; Gemma 3's values apply then.
            var directory = Directory(sp);
            return File.Exists(Path.Combine(directory, "preprocessor_config.json")) ? PreprocessorConfig.Load(directory) : PreprocessorConfig.Gemma3;
        });
        services.AddSingleton(sp => new ImagePreprocessor(sp.GetRequiredService<PreprocessorConfig>(), sp.GetRequiredService<IOptions<ImagePreprocessorOptions>>().Value));
        services.AddSingleton<GemmaTokenCounter>();
        services.AddSingleton<ITokenCounter>(sp => sp.GetRequiredService<GemmaTokenCounter>());

        // ── The engine: the integrator passes AddOnnxGenerationEngine here (see engineRegistration). ──
        engineRegistration?.Invoke(services, configuration);

        services.AddChatClient(sp => new MedGemmaChatClient(
                sp.GetService<IGenerationEngine>() ?? throw new InvalidOperationException(
                    "Inference:Mode is InProcess but no IGenerationEngine is registered: pass AddOnnxGenerationEngine as the engineRegistration of AddMedGemmaInference."),
                sp.GetRequiredService<GemmaTokenizer>(),
                sp.GetRequiredService<GemmaChatTemplate>(),
                sp.GetRequiredService<ImagePreprocessor>(),
                sp.GetRequiredService<IOptions<MedGemmaChatClientOptions>>().Value,
                sp.GetService<ITokenConstraintFactory>(),
                sp.GetRequiredService<IOptions<MedGemmaInferenceOptions>>().Value.EffectiveModelId,
                sp.GetService<ILogger<MedGemmaChatClient>>(),
                sp.GetService<TimeProvider>()))
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = false)
            .UseContentFreeLogging();
    }
}
