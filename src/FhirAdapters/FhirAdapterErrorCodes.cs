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

    /// <summary>A lab report holds more rows than one transaction may carry (LabMapping:MaxRowsPerTransaction).</summary>
    public const string TooManyLabRows = "TOO_MANY_LAB_ROWS";
}
