namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>Bytes fetched for an attachment url, with the content type the server declared (or null).</summary>
/// <param name="Data">The content (patient data).</param>
/// <param name="ContentType">The server's Content-Type or Binary.contentType, or null.</param>
public sealed record FetchedAttachment(ReadOnlyMemory<byte> Data, string? ContentType);
