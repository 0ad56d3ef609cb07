using FhirMedGemma.Api.Fhir;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>Builds the OperationOutcome of a <see cref="ServiceError"/>; its id is the trace id, to match our logs.</summary>
internal static class OperationOutcomeFactory
{
    public static OperationOutcome Create(ServiceError error, string? traceId)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = error.Kind == ErrorKind.Internal ? OperationOutcome.IssueSeverity.Fatal : OperationOutcome.IssueSeverity.Error,
            Code = error.IssueType,
            Details = new CodeableConcept(FhirOperationNames.ErrorCodeSystem, error.Code, error.Message),
            Diagnostics = error.Message,
        };
        if (error.Field is not null)
        {
            issue.Expression = [error.Field];
        }

        return new OperationOutcome { Id = SafeId(traceId), Issue = [issue] };
    }

    /// <summary>FHIR ids allow [A-Za-z0-9-.]{1,64}; a W3C trace id fits, anything else is dropped.</summary>
    private static string? SafeId(string? traceId) =>
        traceId is { Length: > 0 and <= 64 } && traceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? traceId : null;
}
