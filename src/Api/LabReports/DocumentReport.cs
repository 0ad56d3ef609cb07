using System.Security.Cryptography;
using FhirMedGemma.Api.ErrorHandling;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.LabReports;

/// <summary>
/// Wraps a bare document (PDF, image, text) in a DiagnosticReport so it follows the same path as a report. Its
/// identifier is the SHA-256 of the bytes, so sending the same document twice yields the same idempotent transaction.
/// </summary>
internal static class DocumentReport
{
    public const string IdentifierSystem = "urn:fhirmedgemma:lab-document-sha256";

    public static DiagnosticReport Create(byte[] content, string contentType, string patientReference, string field)
    {
        if (content.Length == 0)
        {
            throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "The document is empty.", field);
        }

        if (string.IsNullOrWhiteSpace(patientReference))
        {
            throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest,
                "A document needs a patient reference (e.g. Patient/123).", "patient_reference");
        }

        return new DiagnosticReport
        {
            Identifier = [new Identifier(IdentifierSystem, Convert.ToHexStringLower(SHA256.HashData(content)))],
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            Code = new CodeableConcept { Text = "Laboratory report" },
            Subject = new ResourceReference(patientReference),
            PresentedForm = [new Attachment { ContentType = contentType, Data = content }],
        };
    }
}
