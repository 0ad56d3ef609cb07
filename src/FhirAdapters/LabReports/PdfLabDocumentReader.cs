using FhirMedGemma.FhirAdapters.Attachments;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// Reads a PDF into <see cref="LabDocument"/> pages with PdfPig: words with positions become reading-order lines
/// (two-column pages are read column by column), and pages without a text layer hand their embedded images to the
/// vision path. The page limit is checked from the page tree before any page is parsed.
/// </summary>
/// <remarks>Thread-safe (stateless). One page's words are alive at a time; only lines and images are kept.</remarks>
public sealed class PdfLabDocumentReader(IOptions<AttachmentOptions> options)
{
    /// <summary>Pages with images and fewer letters and digits than this are treated as scans (their images go to the model).</summary>
    private const int MinTextLayerCharacters = 20;

    private readonly AttachmentOptions limits = options.Value;

    /// <summary>Reads the PDF.</summary>
    /// <param name="pdf">The PDF bytes (already size-checked).</param>
    /// <param name="expression">FHIRPath of the attachment, for error messages.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    /// <exception cref="InvalidClinicalInputException">
    /// PDF_ENCRYPTED, PDF_CORRUPT, PDF_EMPTY, PDF_TOO_MANY_PAGES or IMAGE_TOO_LARGE.
    /// </exception>
    public LabDocument Read(ReadOnlyMemory<byte> pdf, string expression, CancellationToken cancellationToken = default)
    {
        using var document = Open(pdf, expression);
        int pageCount;
        try
        {
            pageCount = document.NumberOfPages;
        }
        catch (Exception ex) when (IsParserFailure(ex))
        {
            throw Corrupt(expression, ex);
        }

        if (pageCount == 0)
        {
            throw Empty(expression, "has no pages");
        }

        if (pageCount > limits.MaxPdfPages)
        {
            throw new InvalidClinicalInputException(
                FhirAdapterErrorCodes.PdfTooManyPages,
                $"The PDF at {expression} has {pageCount} pages, over the limit of {limits.MaxPdfPages} (Limits:MaxPdfPages).",
                OperationOutcome.IssueType.TooCostly, expression);
        }

        var pages = new List<LabDocumentPage>(pageCount);
        for (var number = 1; number <= pageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                pages.Add(ReadPage(document.GetPage(number), expression));
            }
            catch (Exception ex) when (IsParserFailure(ex))
            {
                throw Corrupt(expression, ex);
            }
        }

        if (pages.All(p => !p.HasText && p.Images.Count == 0))
        {
            throw Empty(expression, "has neither text nor images on any page");
        }

        return new LabDocument(pages);
    }

    private static PdfDocument Open(ReadOnlyMemory<byte> pdf, string expression)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(pdf.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw Encrypted(expression, ex);
        }
        catch (Exception ex) when (IsParserFailure(ex))
        {
            throw Corrupt(expression, ex);
        }

        if (document.IsEncrypted)
        {
            // Even when an empty user password opens it, an encrypted report is refused: the sender meant it to be closed.
            document.Dispose();
            throw Encrypted(expression, null);
        }

        return document;
    }

    private LabDocumentPage ReadPage(Page page, string expression)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        var meaningful = words.Sum(w => w.Text.Count(char.IsLetterOrDigit));
        if (meaningful >= MinTextLayerCharacters)
        {
            return new LabDocumentPage(page.Number, PdfLineBuilder.BuildLines(words, page.Width), []);
        }

        // Little or no text: a scan (perhaps with a stamped page number) when it has images, else a short text page.
        var images = ReadImages(page, expression);
        return images.Count > 0 || meaningful == 0
            ? new LabDocumentPage(page.Number, [], images)
            : new LabDocumentPage(page.Number, PdfLineBuilder.BuildLines(words, page.Width), []);
    }

    private List<PageImage> ReadImages(Page page, string expression)
    {
        var images = new List<PageImage>();
        foreach (var image in page.GetImages())
        {
            if ((long)image.WidthInSamples * image.HeightInSamples > limits.MaxImagePixels)
            {
                throw new InvalidClinicalInputException(
                    FhirAdapterErrorCodes.ImageTooLarge,
                    $"An image on page {page.Number} of the PDF at {expression} is over the limit of {limits.MaxImagePixels} pixels (Limits:MaxImagePixels).",
                    OperationOutcome.IssueType.TooCostly, expression);
            }

            // A DCT-encoded image is a JPEG file as stored; anything else is re-encoded as PNG.
            var raw = image.RawMemory;
            if (raw.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            {
                images.Add(new PageImage(LabAttachmentContentTypes.Jpeg, raw.ToArray()));
            }
            else if (image.TryGetPng(out var png))
            {
                images.Add(new PageImage(LabAttachmentContentTypes.Png, png));
            }
        }

        return images;
    }

    /// <summary>PdfPig reports malformed input with many exception types; all but fatal runtime ones mean "corrupt".</summary>
    private static bool IsParserFailure(Exception ex) =>
        ex is not (OutOfMemoryException or OperationCanceledException or InvalidClinicalInputException or PdfDocumentEncryptedException);

    private static InvalidClinicalInputException Encrypted(string expression, Exception? inner) => new(
        FhirAdapterErrorCodes.PdfEncrypted, $"The PDF at {expression} is encrypted; send it without a password.",
        OperationOutcome.IssueType.NotSupported, expression, inner);

    private static InvalidClinicalInputException Corrupt(string expression, Exception inner) => new(
        FhirAdapterErrorCodes.PdfCorrupt, $"The PDF at {expression} is damaged and cannot be read.",
        OperationOutcome.IssueType.Invalid, expression, inner);

    private static InvalidClinicalInputException Empty(string expression, string what) => new(
        FhirAdapterErrorCodes.PdfEmpty, $"The PDF at {expression} {what}.", OperationOutcome.IssueType.Invalid, expression);
}
