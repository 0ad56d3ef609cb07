namespace FhirMedGemma.FhirAdapters;

/// <summary>
/// The error vocabulary of the FHIR adapters. Each code appears verbatim in OperationOutcome
/// <c>issue.details.coding</c> and in gRPC <c>ErrorInfo.reason</c>: integration engines match on these, so never rename one.
/// </summary>
public static class FhirAdapterErrorCodes
{
    /// <summary>The body is neither FHIR JSON nor FHIR XML.</summary>
    public const string NotFhir = "NOT_FHIR";

    /// <summary>The resource parsed, but it is not the resource type the operation needs.</summary>
    public const string WrongResourceType = "WRONG_RESOURCE_TYPE";

    /// <summary>The bundle holds no Patient.</summary>
    public const string PatientMissing = "PATIENT_MISSING";

    /// <summary>The bundle holds more than one Patient.</summary>
    public const string MultiplePatients = "MULTIPLE_PATIENTS";

    /// <summary>A reference that must resolve inside the bundle does not.</summary>
    public const string BrokenReference = "BROKEN_REFERENCE";

    /// <summary>An element holds a value its type or value set does not allow (e.g. an unknown status code).</summary>
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>The bundle exceeds a configured size limit.</summary>
    public const string BundleTooLarge = "BUNDLE_TOO_LARGE";

    /// <summary>The attachment's content type (declared or sniffed) is not one the lab-report pipeline reads.</summary>
    public const string AttachmentUnsupported = "ATTACHMENT_UNSUPPORTED";

    /// <summary>The declared content type disagrees with what the bytes are.</summary>
    public const string AttachmentContentTypeMismatch = "ATTACHMENT_CONTENT_TYPE_MISMATCH";

    /// <summary>The inline <c>data</c> is not valid base64.</summary>
    public const string AttachmentInvalidBase64 = "ATTACHMENT_INVALID_BASE64";

    /// <summary>The attachment has neither data nor url, or is empty.</summary>
    public const string AttachmentEmpty = "ATTACHMENT_EMPTY";

    /// <summary>The attachment is larger than <c>Limits:MaxAttachmentBytes</c>.</summary>
    public const string AttachmentTooLarge = "ATTACHMENT_TOO_LARGE";

    /// <summary>The attachment url is absolute and not on the configured allow-list, or is malformed.</summary>
    public const string AttachmentUrlNotAllowed = "ATTACHMENT_URL_NOT_ALLOWED";

    /// <summary>The attachment url could not be fetched (not found upstream).</summary>
    public const string AttachmentNotFound = "ATTACHMENT_NOT_FOUND";

    /// <summary>The image is larger than <c>Limits:MaxImagePixels</c>, judged from its header before decoding.</summary>
    public const string ImageTooLarge = "IMAGE_TOO_LARGE";

    /// <summary>The image header cannot be read.</summary>
    public const string ImageCorrupt = "IMAGE_CORRUPT";

    /// <summary>The PDF is password-protected or encrypted.</summary>
    public const string PdfEncrypted = "PDF_ENCRYPTED";

    /// <summary>The PDF cannot be parsed.</summary>
    public const string PdfCorrupt = "PDF_CORRUPT";

    /// <summary>The PDF has no pages, or no page carries text or images.</summary>
    public const string PdfEmpty = "PDF_EMPTY";

    /// <summary>The PDF has more pages than <c>Limits:MaxPdfPages</c>.</summary>
    public const string PdfTooManyPages = "PDF_TOO_MANY_PAGES";

    /// <summary>The resource carries no attachment the lab-report pipeline can read.</summary>
    public const string NoLabReportAttachment = "NO_LAB_REPORT_ATTACHMENT";
    /// <summary>A lab report holds more rows than one transaction may carry (LabMapping:MaxRowsPerTransaction).</summary>
    public const string TooManyLabRows = "TOO_MANY_LAB_ROWS";

    /// <summary>The lab report has no subject (patient) to attach its Observations to.</summary>
    public const string LabReportSubjectMissing = "LAB_REPORT_SUBJECT_MISSING";
}
