using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.Fhir.Async;
using FhirMedGemma.Api.Grpc;
using FhirMedGemma.Api.Health;
using FhirMedGemma.Api.Hosting;
using FhirMedGemma.Api.LabReports;
using FhirMedGemma.Api.Limits;
using FhirMedGemma.Api.Summaries;
using FhirMedGemma.Api.Telemetry;
using FhirMedGemma.Api.Upstream;
using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api;

/// <summary>The whole service as two calls, used by Program.cs, the CLI's <c>serve</c> and the integration tests.</summary>
public static class FhirMedGemmaServiceExtensions
{
    /// <summary>Registers options, Kestrel endpoints, auth, limits, the upstream client, FHIR, gRPC, health and telemetry.</summary>
    public static WebApplicationBuilder AddFhirMedGemmaService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>();
        builder.WebHost.ConfigureKestrel((context, kestrel) => KestrelEndpoints.Configure(kestrel,
            context.Configuration.GetSection(ServiceOptions.SectionName).Get<ServiceOptions>() ?? new ServiceOptions(),
            context.Configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions()));

        services.AddFhirMedGemmaOperations(configuration);
        services.AddSingleton<FhirRequestReader>();
        services.AddSingleton<AsyncJobStore>();
        services.AddServiceAuth(configuration);
        services.AddExceptionHandler<FhirExceptionHandler>();
        services.AddProblemDetails();

        var maxMessage = configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>()?.MaxRequestBodyBytes ?? new LimitsOptions().MaxRequestBodyBytes;
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, maxMessage);
            grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
            grpc.Interceptors.Add<GrpcErrorInterceptor>();
            grpc.Interceptors.Add<GrpcAuthorizationInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<InferenceModeReadinessCheck>("inference", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The operations without the host: limits, flattening, summaries, lab reports, the upstream client, the model (if
    /// configured) and telemetry. The CLI's offline commands use this; <see cref="AddFhirMedGemmaService"/> builds on it.
    /// </summary>
    public static IServiceCollection AddFhirMedGemmaOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WorkAdmission>();
        services.AddSingleton<InferenceStatus>();
        services.AddSingleton<FhirSerialization>();
        services.AddFhirFlattening();
        services.AddSingleton<SummaryDocumentBuilder>();
        services.AddTransient<SummaryPersistence>();
        services.AddTransient<PatientRecordSource>();
        // Transient: they hold the typed upstream HttpClient, which must not be captured by a singleton.
        services.AddTransient<PatientSummarizer>();
        services.AddLabObservationMapping();
        services.AddLabReportExtraction();
        // The model, if configured (Inference:Mode): an IChatClient or nothing. Everything above adapts to its absence.
        services.AddMedGemma(configuration);
        services.AddTransient<LabReportOperation>();
        services.AddUpstreamFhirClient(configuration);
        services.AddServiceTelemetry(configuration);
        return services;
    }

    /// <summary>Maps FHIR REST, gRPC, health and reflection, and logs where the service listens.</summary>
    public static WebApplication MapFhirMedGemmaService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseGrpcMessageSizeLimitOnly();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGrpcService<ClinicalSummaryService>();
        app.MapGrpcService<LabReportsService>();
        app.MapFhirEndpoints();

        app.Lifetime.ApplicationStarted.Register(() => LogServing(app));
        return app;
    }

    private static void LogServing(WebApplication app)
    {
        var service = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var mode = app.Services.GetRequiredService<InferenceStatus>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FhirMedGemma.Api");
        if (!auth.Enabled)
        {
            Log.AuthDisabled(logger);
        }

        Log.Serving(logger, service.HttpPort, service.GrpcPort, mode.ModelFree ? $"{mode.Name} (model-free)" : mode.Name,
            auth.Enabled ? "enabled" : "DISABLED");
    }
}
