using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters;

/// <summary>
/// The caller sent FHIR input (a bundle, a resource, an attachment) that cannot be used. Carries everything a protocol
/// needs to answer: a stable <see cref="ErrorCode"/>, the FHIR issue type and the FHIRPath location.
/// </summary>
/// <remarks>
/// The message says what is wrong and where, never the offending value: messages reach logs, and input is patient data.
/// </remarks>
public class InvalidClinicalInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">A stable UPPER_SNAKE code from <see cref="FhirAdapterErrorCodes"/>.</param>
    /// <param name="message">What is wrong and where; never quotes the input.</param>
    /// <param name="issueType">The OperationOutcome issue type, which decides the HTTP status.</param>
    /// <param name="expression">FHIRPath of the offending element, when known.</param>
    /// <param name="innerException">The parser error, if any. Its message may quote input: never log it.</param>
    public InvalidClinicalInputException(
        string errorCode,
        string message,
        OperationOutcome.IssueType issueType = OperationOutcome.IssueType.Invalid,
        string? expression = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IssueType = issueType;
        Expression = expression;
    }

    /// <summary>Stable machine-readable code, shared by the FHIR and gRPC surfaces.</summary>
    public string ErrorCode { get; }

    /// <summary>OperationOutcome issue type (invalid, structure, too-costly, not-supported, business-rule…).</summary>
    public OperationOutcome.IssueType IssueType { get; }

    /// <summary>FHIRPath of the element at fault, or null.</summary>
    public string? Expression { get; }
}
