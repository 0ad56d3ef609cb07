using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.FhirAdapters.Attachments;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Upstream;

/// <summary>
/// Lets the attachment reader fetch <c>Binary/…</c> references through the upstream client (auth, resilience, limits),
/// and allow-listed absolute URLs through a plain resilient client that never carries the upstream credentials.
/// </summary>
/// <remarks>A singleton: each call builds a fresh typed client from the factory, so handler rotation keeps working.</remarks>
internal sealed class UpstreamResourceFetcher(
    IHttpClientFactory httpClients, IOptions<UpstreamOptions> options, FhirSerialization serialization, ILoggerFactory loggers)
    : IFhirResourceFetcher
{
    public const string AttachmentClientName = "attachment-urls";

    public async Task<FetchedAttachment?> ReadBinaryAsync(string binaryId, long maxBytes, CancellationToken cancellationToken)
    {
        var client = new UpstreamFhirClient(httpClients.CreateClient(nameof(UpstreamFhirClient)), options, serialization,
            loggers.CreateLogger<UpstreamFhirClient>());
        var binary = await client.ReadBinaryAsync(binaryId, cancellationToken).ConfigureAwait(false);
        if (binary?.Data is null)
        {
            return null;
        }

        return binary.Data.Length > maxBytes ? throw TooLarge(maxBytes) : new FetchedAttachment(binary.Data, binary.ContentType);
    }

    public async Task<FetchedAttachment?> FetchUrlAsync(Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await httpClients.CreateClient(AttachmentClientName)
            .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamFhirException(ErrorKind.Unavailable, ServiceErrorCodes.UpstreamUnavailable,
                $"The attachment server answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return new FetchedAttachment(buffer.ToArray(), response.Content.Headers.ContentType?.ToString());
    }

    private static InvalidClinicalInputException TooLarge(long maxBytes) => new(FhirAdapterErrorCodes.AttachmentTooLarge,
        $"The attachment exceeds Limits:MaxAttachmentBytes ({maxBytes}).", OperationOutcome.IssueType.TooCostly);
}
