using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirMedGemma.Api.Health;

/// <summary>
/// Readiness: the service is ready when it has a model (an IChatClient) or runs model-free by choice
/// (<c>Inference:Mode=None</c>). A configured mode without a registered client means the model is not ready.
/// </summary>
internal sealed class InferenceModeReadinessCheck(InferenceStatus mode) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["mode"] = mode.Name,
            ["modelFree"] = mode.ModelFree,
            ["modelId"] = mode.ModelId ?? string.Empty,
        };
        var result = mode.ModelFree && !string.Equals(mode.Name, "None", StringComparison.OrdinalIgnoreCase)
            ? HealthCheckResult.Unhealthy($"Inference:Mode is {mode.Name} but no model is registered.", data: data)
            : HealthCheckResult.Healthy(mode.ModelFree ? "Serving model-free (Inference:Mode=None)." : $"Model ready ({mode.Name}).", data);
        return Task.FromResult(result);
    }
}
