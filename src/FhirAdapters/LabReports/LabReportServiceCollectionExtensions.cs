using FhirMedGemma.FhirAdapters.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>Registers the lab-report pipeline: attachment reading, PDF reading, the table parser and the extractor.</summary>
public static class LabReportServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AttachmentReader"/>, <see cref="LabDocumentLoader"/>, <see cref="LabTableParser"/>,
    /// <see cref="LabReportExtractor"/> and <see cref="LabReportProcessor"/> (with the Observation mapping), with <see cref="AttachmentOptions"/> (section <c>Limits</c>) and
    /// <see cref="LabExtractionOptions"/> (section <c>LabExtraction</c>) validated on start. The extractor uses the
    /// registered <c>IChatClient</c> when there is one and the model-free parser otherwise; the attachment reader uses
    /// the registered <see cref="IFhirResourceFetcher"/> for attachment urls when there is one.
    /// </summary>
    public static IServiceCollection AddLabReportExtraction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<AttachmentOptions, AttachmentOptionsValidator>()
            .BindConfiguration(AttachmentOptions.SectionName)
            .Validate(
                o => o.AllowedAttachmentUrlPrefixes.All(p => Uri.TryCreate(p, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"),
                "Limits:AllowedAttachmentUrlPrefixes must hold absolute http(s) urls.");
        services.AddOptionsWithValidateOnStart<LabExtractionOptions, LabExtractionOptionsValidator>()
            .BindConfiguration(LabExtractionOptions.SectionName);

        services.TryAddSingleton<AttachmentReader>();
        services.TryAddSingleton<PdfLabDocumentReader>();
        services.TryAddSingleton<LabDocumentLoader>();
        services.TryAddSingleton<LabTableParser>();
        services.TryAddSingleton<LabReportExtractor>();
        services.AddLabObservationMapping();
        services.TryAddSingleton<LabReportProcessor>();
        return services;
    }
}
