using System.Text;
using FhirMedGemma.FhirAdapters.Attachments;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>Turns a checked attachment into a <see cref="LabDocument"/>: a PDF into pages, text into one page of lines, an image into one image page.</summary>
/// <remarks>Thread-safe (stateless).</remarks>
public sealed class LabDocumentLoader(PdfLabDocumentReader pdfReader)
{
    /// <summary>Loads the attachment.</summary>
    /// <exception cref="InvalidClinicalInputException">The PDF is encrypted, damaged, empty or too long.</exception>
    public LabDocument Load(AttachmentContent attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.ContentType == LabAttachmentContentTypes.Pdf)
        {
            return pdfReader.Read(attachment.Data, attachment.Expression, cancellationToken);
        }

        if (attachment.ContentType == LabAttachmentContentTypes.Text)
        {
            var text = Encoding.UTF8.GetString(attachment.Data.Span).TrimStart('\uFEFF');
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r').TrimEnd()).Where(l => l.Length > 0).ToList();
            return new LabDocument([new LabDocumentPage(1, lines, [])]);
        }

        return new LabDocument([new LabDocumentPage(1, [], [new PageImage(attachment.ContentType, attachment.Data)])]);
    }
}
