namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>
/// Fetches what an attachment <c>url</c> points at. The API implements it over its upstream FHIR client (auth,
/// resilience, timeouts); FhirAdapters stays free of HTTP. <see cref="AttachmentReader"/> has already checked absolute
/// urls against <see cref="AttachmentOptions.AllowedAttachmentUrlPrefixes"/> before calling.
/// </summary>
/// <remarks>Implementations must be thread-safe and must stop reading once more than <c>maxBytes</c> arrived.</remarks>
public interface IFhirResourceFetcher
{
    /// <summary>Reads <c>Binary/{binaryId}</c> from the upstream FHIR server.</summary>
    /// <param name="binaryId">The Binary's logical id.</param>
    /// <param name="maxBytes">Stop and throw once the content exceeds this many bytes.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The content, or null when the server has no such Binary.</returns>
    /// <exception cref="InvalidClinicalInputException">The content exceeds <paramref name="maxBytes"/>.</exception>
    Task<FetchedAttachment?> ReadBinaryAsync(string binaryId, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Fetches an absolute url that is on the allow-list.</summary>
    /// <param name="url">The absolute url.</param>
    /// <param name="maxBytes">Stop and throw once the content exceeds this many bytes.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The content, or null when the server answered not-found.</returns>
    /// <exception cref="InvalidClinicalInputException">The content exceeds <paramref name="maxBytes"/>.</exception>
    Task<FetchedAttachment?> FetchUrlAsync(Uri url, long maxBytes, CancellationToken cancellationToken);
}
