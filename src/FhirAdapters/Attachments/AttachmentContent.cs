namespace FhirMedGemma.FhirAdapters.Attachments;

/// <summary>An attachment that passed every check: its bytes, the content type they really are, and where it came from.</summary>
/// <param name="ContentType">One of <see cref="LabAttachmentContentTypes"/>, confirmed from the bytes.</param>
/// <param name="Data">The content (patient data: never log it).</param>
/// <param name="Expression">FHIRPath of the attachment, e.g. <c>DiagnosticReport.presentedForm[0]</c>.</param>
public sealed record AttachmentContent(string ContentType, ReadOnlyMemory<byte> Data, string Expression);
