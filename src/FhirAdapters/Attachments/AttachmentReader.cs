using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>
/// Turns the attachments of a DiagnosticReport (<c>presentedForm[]</c>) or DocumentReference
/// (<c>content[].attachment</c>) into checked bytes: inline base64 or a fetched url, within the size limit, with a
/// content type confirmed from the bytes and, for images, a pixel count read from the header within its limit.
/// </summary>
/// <remarks>
/// Thread-safe. Error messages name the FHIRPath and the limit, never the content. Without an
/// <see cref="IFhirResourceFetcher"/> (the CLI), attachments that only carry a url are refused.
/// </remarks>
public sealed class AttachmentReader(IOptions<AttachmentOptions> options, IFhirResourceFetcher? fetcher = null)
{
    private readonly AttachmentOptions limits = options.Value;

    /// <summary>Reads every <c>presentedForm</c> of a DiagnosticReport.</summary>
    /// <exception cref="InvalidClinicalInputException">No attachment, or any attachment fails a check.</exception>
    public Task<IReadOnlyList<AttachmentContent>> ReadAsync(DiagnosticReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var attachments = report.PresentedForm.Select((a, i) => (a, $"DiagnosticReport.presentedForm[{i}]")).ToList();
        return ReadAllAsync(attachments, "DiagnosticReport.presentedForm", cancellationToken);
    }

    /// <summary>Reads every <c>content[].attachment</c> of a DocumentReference.</summary>
    /// <exception cref="InvalidClinicalInputException">No attachment, or any attachment fails a check.</exception>
    public Task<IReadOnlyList<AttachmentContent>> ReadAsync(DocumentReference document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var attachments = document.Content
            .Select((c, i) => (c.Attachment, $"DocumentReference.content[{i}].attachment"))
            .Where(p => p.Attachment is not null)
            .ToList();
        return ReadAllAsync(attachments, "DocumentReference.content", cancellationToken);
    }

    /// <summary>Reads one attachment: inline data, else its url.</summary>
    /// <exception cref="InvalidClinicalInputException">Any check fails; the code says which.</exception>
    public async Task<AttachmentContent> ReadAsync(Attachment attachment, string expression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var inline = DecodeInlineData(attachment, expression);
        if (inline is not null)
        {
            return Check(inline, attachment.ContentType, expression);
        }

        if (string.IsNullOrWhiteSpace(attachment.Url))
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentEmpty, $"The attachment at {expression} has neither data nor url.",
                OperationOutcome.IssueType.Required, expression);
        }

        var fetched = await FetchAsync(attachment.Url, expression, cancellationToken).ConfigureAwait(false);
        return Check(fetched.Data, attachment.ContentType ?? fetched.ContentType, expression);
    }

    /// <summary>Checks bytes that arrived some other way (a file given to the CLI): size, content type, pixels.</summary>
    /// <exception cref="InvalidClinicalInputException">Any check fails.</exception>
    public AttachmentContent Check(ReadOnlyMemory<byte> data, string? declaredContentType, string expression)
    {
        if (data.IsEmpty)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentEmpty, $"The attachment at {expression} is empty.",
                OperationOutcome.IssueType.Required, expression);
        }

        if (data.Length > limits.MaxAttachmentBytes)
        {
            throw TooLarge(expression);
        }

        var declared = LabAttachmentContentTypes.Normalize(declaredContentType);
        if (declared is not null && !LabAttachmentContentTypes.IsSupported(declared))
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentUnsupported,
                $"The attachment at {expression} declares an unsupported content type; supported: application/pdf, image/png, image/jpeg, image/gif, image/webp, text/plain.",
                OperationOutcome.IssueType.NotSupported, expression + ".contentType");
        }

        var sniffed = ContentSniffer.Sniff(data.Span) ?? throw new InvalidClinicalInputException(
            FhirAdapterErrorCodes.AttachmentUnsupported,
            $"The attachment at {expression} is not a PDF, a PNG/JPEG/GIF/WebP image or UTF-8 text.",
            OperationOutcome.IssueType.NotSupported, expression);

        if (declared is not null && declared != sniffed)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentContentTypeMismatch,
                $"The attachment at {expression} declares {declared} but its bytes are {sniffed}.",
                OperationOutcome.IssueType.Invalid, expression + ".contentType");
        }

        if (LabAttachmentContentTypes.IsImage(sniffed))
        {
            CheckPixels(data.Span, sniffed, expression);
        }

        return new AttachmentContent(sniffed, data, expression);
    }

    private async Task<IReadOnlyList<AttachmentContent>> ReadAllAsync(
        List<(Attachment Attachment, string Expression)> attachments, string where, CancellationToken cancellationToken)
    {
        if (attachments.Count == 0)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.NoLabReportAttachment, $"{where} holds no attachment.",
                OperationOutcome.IssueType.Required, where);
        }

        var result = new List<AttachmentContent>(attachments.Count);
        foreach (var (attachment, expression) in attachments)
        {
            result.Add(await ReadAsync(attachment, expression, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    private byte[]? DecodeInlineData(Attachment attachment, string expression)
    {
        switch (attachment.DataElement?.JsonValue)
        {
            case byte[] bytes:
                return bytes;
            case string text:
                // The FHIR model keeps base64 as the JSON string: decode it strictly here, after the size check.
                if ((long)text.Length * 3 / 4 > limits.MaxAttachmentBytes)
                {
                    throw TooLarge(expression);
                }

                var buffer = new byte[text.Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(text, buffer, out var written))
                {
                    throw new InvalidClinicalInputException(
                        FhirAdapterErrorCodes.AttachmentInvalidBase64, $"The attachment data at {expression}.data is not valid base64.",
                        OperationOutcome.IssueType.Invalid, expression + ".data");
                }

                return buffer[..written];
            default:
                return null;
        }
    }

    private async Task<FetchedAttachment> FetchAsync(string url, string expression, CancellationToken cancellationToken)
    {
        var urlExpression = expression + ".url";
        if (fetcher is null)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentUrlNotAllowed,
                $"The attachment at {expression} has only a url, and no FHIR server is configured to fetch it.",
                OperationOutcome.IssueType.NotSupported, urlExpression);
        }

        FetchedAttachment? fetched;
        if (TryParseBinaryReference(url, out var binaryId))
        {
            fetched = await fetcher.ReadBinaryAsync(binaryId, limits.MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && IsAllowed(absolute))
        {
            fetched = await fetcher.FetchUrlAsync(absolute, limits.MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.AttachmentUrlNotAllowed,
                $"The attachment url at {urlExpression} is neither a Binary reference nor on the allowed url list (Limits:AllowedAttachmentUrlPrefixes).",
                OperationOutcome.IssueType.Security, urlExpression);
        }

        return fetched ?? throw new InvalidClinicalInputException(
            FhirAdapterErrorCodes.AttachmentNotFound, $"The attachment url at {urlExpression} was not found.",
            OperationOutcome.IssueType.NotFound, urlExpression);
    }

    private bool IsAllowed(Uri absolute) =>
        absolute.Scheme is "https" or "http"
        && limits.AllowedAttachmentUrlPrefixes.Any(p => absolute.AbsoluteUri.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Accepts <c>Binary/{id}</c> (optionally with a <c>/_history/{v}</c> suffix), nothing else relative.</summary>
    private static bool TryParseBinaryReference(string url, out string binaryId)
    {
        binaryId = string.Empty;
        if (!url.StartsWith("Binary/", StringComparison.Ordinal))
        {
            return false;
        }

        var id = url["Binary/".Length..].Split('/')[0];
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return false;
        }

        binaryId = id;
        return true;
    }

    private void CheckPixels(ReadOnlySpan<byte> data, string contentType, string expression)
    {
        if (!ImageHeaderReader.TryReadSize(data, contentType, out var width, out var height))
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.ImageCorrupt, $"The image header of the attachment at {expression} cannot be read.",
                OperationOutcome.IssueType.Invalid, expression);
        }

        if ((long)width * height > limits.MaxImagePixels)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.ImageTooLarge,
                $"The image at {expression} is {width}x{height} pixels, over the limit of {limits.MaxImagePixels} pixels (Limits:MaxImagePixels).",
                OperationOutcome.IssueType.TooCostly, expression);
        }
    }

    private InvalidClinicalInputException TooLarge(string expression) => new(
        FhirAdapterErrorCodes.AttachmentTooLarge,
        $"The attachment at {expression} is larger than {limits.MaxAttachmentBytes} bytes (Limits:MaxAttachmentBytes).",
        OperationOutcome.IssueType.TooCostly, expression);
}
