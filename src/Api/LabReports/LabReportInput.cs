using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.LabReports;

/// <summary>One report to read: the DiagnosticReport (its presentedForm holds the document) and the caller's options.</summary>
/// <param name="Report">The report; for a bare document, one built around it by <see cref="DocumentReport"/>.</param>
/// <param name="PatientReference">Overrides the report's subject, e.g. "Patient/123".</param>
/// <param name="Persist">Post the transaction to the upstream server.</param>
/// <param name="Surface">"rest" or "grpc".</param>
internal sealed record LabReportInput(DiagnosticReport Report, string? PatientReference, bool Persist, string Surface);
