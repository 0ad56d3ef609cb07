using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FhirMedGemma.Api.Telemetry;

/// <summary>OpenTelemetry metrics and traces; exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceTelemetry>();
        var otel = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(ServiceTelemetry.MeterName, "Microsoft.Extensions.AI", "FhirMedGemma.Inference"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.RecordException = false)
                .AddSource(ServiceTelemetry.ActivitySourceName, "Microsoft.Extensions.AI", "FhirMedGemma.Inference"));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }
}
