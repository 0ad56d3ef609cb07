using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>
/// The Provenance of model-extracted results (HL7 AI Transparency): the model as a contained Device with name and
/// version, the prompt's SHA-256 as an entity, the source report as an entity, and the recorded time. It is written
/// with PUT on an id derived from its content, so a replay updates the same Provenance instead of adding one.
/// </summary>
internal static class LabProvenanceFactory
{
    private const string DeviceId = "model";

    public static Bundle.EntryComponent Build(
        LabModelProvenance provenance,
        string reportKey,
        string reportReference,
        IReadOnlyList<string> targets,
        IReadOnlyList<string> observationIdentifiers,
        LabMappingOptions options,
        DateTimeOffset recorded)
    {
        var id = "lab-" + LabRowIdentity.Hex(string.Join(
            '\n',
            "lab-provenance/v1",
            reportKey,
            provenance.Model.Name,
            provenance.Model.Version,
            provenance.PromptSha256,
            string.Join(',', observationIdentifiers)));

        var device = new Device
        {
            Id = DeviceId,
            DeviceName = [new Device.DeviceNameComponent { Name = provenance.Model.Name, Type = DeviceNameType.ModelName }],
            Version = [new Device.VersionComponent { Value = provenance.Model.Version }],
            Type = new CodeableConcept { Text = "Artificial Intelligence (large language model)" },
        };

        var resource = new Provenance
        {
            Id = id,
            Contained = [device],
            Target = targets.Select(t => new ResourceReference(t)).ToList(),
            Recorded = recorded,
            Activity = new CodeableConcept(LabFhirSystems.DataOperation, "CREATE", "create"),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept(LabFhirSystems.ProvenanceParticipantType, "author", "Author"),
                    Who = new ResourceReference("#" + DeviceId) { Display = $"{provenance.Model.Name} {provenance.Model.Version}" },
                },
            ],
            Entity =
            [
                new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(reportReference) },
                new Provenance.EntityComponent
                {
                    Role = Provenance.ProvenanceEntityRole.Source,
                    What = new ResourceReference
                    {
                        Identifier = new Identifier(options.PromptHashSystem, provenance.PromptSha256),
                        Display = "Model prompt (SHA-256)",
                    },
                },
            ],
        };

        return new Bundle.EntryComponent
        {
            FullUrl = LabRowIdentity.Urn("Provenance/" + id),
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Provenance/" + id },
        };
    }
}
