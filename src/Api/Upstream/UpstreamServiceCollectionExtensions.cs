using FhirMedGemma.FhirAdapters.Attachments;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>Registers the typed upstream FHIR client with auth and the standard resilience pipeline.</summary>
internal static class UpstreamServiceCollectionExtensions
{
    public static IServiceCollection AddUpstreamFhirClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>();
        services.AddSingleton<ClientCredentialsTokenSource>();
        services.AddTransient<UpstreamAuthHandler>();
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName).AddStandardResilienceHandler();

        var timeout = TimeSpan.FromSeconds(configuration.GetValue($"{UpstreamOptions.SectionName}:TimeoutSeconds", 30));
        void Resilience(HttpStandardResilienceOptions resilience)
        {
            // Retries (exponential back-off with jitter on 408/429/5xx) only for safe methods: a POST may have landed.
            resilience.Retry.DisableForUnsafeHttpMethods();
            resilience.AttemptTimeout.Timeout = timeout;
            resilience.TotalRequestTimeout.Timeout = timeout * 4;
            resilience.CircuitBreaker.SamplingDuration = timeout * 2 > TimeSpan.FromSeconds(30) ? timeout * 2 : TimeSpan.FromSeconds(30);
        }

        // The resilience pipeline owns timeouts; HttpClient's own 100 s default would cut it short.
        services.AddHttpClient<UpstreamFhirClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<UpstreamAuthHandler>()
            .AddStandardResilienceHandler(Resilience);

        // Allow-listed attachment URLs: resilient, but never given the upstream server's credentials.
        services.AddHttpClient(UpstreamResourceFetcher.AttachmentClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(Resilience);
        services.AddSingleton<IFhirResourceFetcher, UpstreamResourceFetcher>();
        return services;
    }
}
