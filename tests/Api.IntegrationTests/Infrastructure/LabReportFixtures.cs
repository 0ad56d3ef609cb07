using System.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>A small plain-text lab report, as a LIS prints one, and a DiagnosticReport carrying it.</summary>
internal static class LabReportFixtures
{
    public const string PatientReference = "Patient/lab-patient-1";

    public static readonly string Text = string.Join('\n',
        "ACME CLINICAL LABORATORY",
        "Test                 Result   Units    Reference Range   Flag",
        "Hemoglobin A1c       7.9      %        4.0-5.6           H",
        "Glucose              105      mg/dL    70-99             H",
        "Sodium               140      mmol/L   136-145",
        "Potassium            4.1      mmol/L   3.5-5.1");

    public static byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    public static DiagnosticReport Report(string id = "lab-report-1") => new()
    {
        Id = id,
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB")],
        Code = new CodeableConcept { Text = "Basic metabolic panel" },
        Subject = new ResourceReference(PatientReference),
        Effective = new FhirDateTime("2024-03-01T08:00:00Z"),
        PresentedForm = [new Attachment { ContentType = "text/plain", Data = Bytes }],
    };
}
