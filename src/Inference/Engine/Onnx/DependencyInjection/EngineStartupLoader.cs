using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirMedGemma.Inference.Engine.Onnx.DependencyInjection;

/// <summary>Loads the model while the host starts, so a broken model directory fails start-up rather than the first request.</summary>
internal sealed class EngineStartupLoader(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IGenerationEngine>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
