using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>One failure, described once for both protocols. <see cref="Message"/> is safe to return to the caller.</summary>
internal sealed record ServiceError(
    ErrorKind Kind,
    string Code,
    string Message,
    OperationOutcome.IssueType IssueType,
    string? Field = null,
    TimeSpan? RetryAfter = null);
