using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir;

/// <summary>The service's CapabilityStatement: two operations, two formats, SMART backend-services security.</summary>
internal static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(DateTimeOffset now, bool authEnabled) => new()
    {
        Status = PublicationStatus.Active,
        Date = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "FhirMedGemma" },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = [FhirMediaTypes.Json, FhirMediaTypes.Xml],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Security = new CapabilityStatement.SecurityComponent
                {
                    Service = authEnabled ? [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR")] : [],
                    Description = authEnabled
                        ? "JWT bearer tokens with SMART backend-services scopes (system/Patient.read, system/DiagnosticReport.read, system/Observation.write)."
                        : "Authentication disabled (development mode).",
                },
                Resource =
                [
                    Resource(ResourceType.Patient, FhirOperationNames.SummarizeDefinitionId, "summarize"),
                    Resource(ResourceType.DiagnosticReport, FhirOperationNames.ExtractObservationsDefinitionId, "extract-observations"),
                ],
            },
        ],
    };

    private static CapabilityStatement.ResourceComponent Resource(ResourceType type, string definitionId, string name) => new()
    {
        Type = type.ToString(),
        Operation =
        [
            new CapabilityStatement.OperationComponent
            {
                Name = name,
                Definition = $"{FhirOperationNames.CanonicalBase}/OperationDefinition/{definitionId}",
            },
        ],
    };
}
