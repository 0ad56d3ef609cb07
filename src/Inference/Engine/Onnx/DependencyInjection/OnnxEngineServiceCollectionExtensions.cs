using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Engine.Onnx.DependencyInjection;

/// <summary>Registers the in-process ONNX Runtime engine.</summary>
public static class OnnxEngineServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OnnxEngineOptions"/> to <c>Inference:Engine</c> (ModelDirectory and ModelId fall back to
    /// <c>Inference:ModelDirectory</c> and <c>Inference:ModelId</c>), validates it at start, and registers <see cref="IGenerationEngine"/> as a singleton
    /// loaded when the host starts (a bad model directory stops
    /// start-up with a <see cref="ModelLoadException"/> naming the file) and disposed with the container, plus <see cref="EngineMetrics"/>.
    /// </summary>
    public static IServiceCollection AddOnnxGenerationEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<OnnxEngineOptions>()
            .Bind(configuration.GetSection(OnnxEngineOptions.SectionName))
            .PostConfigure(options =>
            {
                options.ModelDirectory ??= configuration["Inference:ModelDirectory"];
                options.ModelId ??= configuration["Inference:ModelId"];
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxEngineOptions>, OnnxEngineOptionsValidator>());
        services.TryAddSingleton(sp => new EngineMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IGenerationEngine>(sp => OnnxGenerationEngine.Create(
            sp.GetRequiredService<IOptions<OnnxEngineOptions>>().Value,
            sp.GetRequiredService<EngineMetrics>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<EngineStartupLoader>();
        return services;
    }
}
