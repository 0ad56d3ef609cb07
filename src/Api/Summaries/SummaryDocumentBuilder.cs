using System.Text;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Summaries;

/// <summary>
/// Wraps a summary in a preliminary DocumentReference (context.related = the cited resources) and a Provenance that
/// names the model. Model output carries the HL7 AI-Transparency security label; the model-free summary does not,
/// because no AI produced it (its text and title say so instead).
/// </summary>
internal sealed class SummaryDocumentBuilder(TimeProvider time)
{
    public static readonly Coding AiAssertedLabel = new("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "AIAST", "Artificial Intelligence asserted");
    private static readonly Coding SummaryType = new("http://loinc.org", "60591-5", "Patient summary Document");

    public (DocumentReference Document, Provenance Provenance) Build(
        string summary, string patientReference, IReadOnlyDictionary<string, IReadOnlyList<string>> cited, bool modelFree, string? modelId)
    {
        var now = time.GetUtcNow();
        var documentId = Guid.NewGuid().ToString("N");
        var related = cited.Values.SelectMany(r => r).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(r => new ResourceReference(r)).ToList();
        var document = new DocumentReference
        {
            Id = documentId,
            Meta = modelFree ? new Meta() : new Meta { Security = [AiAssertedLabel] },
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Preliminary,
            Type = new CodeableConcept { Coding = [SummaryType], Text = "Patient summary" },
            Subject = new ResourceReference(patientReference),
            Date = now,
            Description = modelFree ? "Non-AI structured summary of the patient record" : $"AI-generated patient summary ({modelId}), preliminary: review before use",
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment
                    {
                        ContentType = "text/plain; charset=utf-8",
                        Data = Encoding.UTF8.GetBytes(summary),
                        Title = modelFree ? "Structured record summary (non-AI)" : "AI-generated patient summary",
                        Creation = now.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    },
                },
            ],
            Context = new DocumentReference.ContextComponent { Related = related },
        };
        return (document, BuildProvenance(document, patientReference, related, modelFree, modelId, now));
    }

    private static Provenance BuildProvenance(
        DocumentReference document, string patientReference, List<ResourceReference> related, bool modelFree, string? modelId, DateTimeOffset now)
    {
        var device = new Device
        {
            Id = "author",
            DeviceName = [new Device.DeviceNameComponent { Name = modelFree ? "FhirMedGemma structured renderer" : modelId ?? "MedGemma", Type = DeviceNameType.ModelName }],
            Type = new CodeableConcept { Text = modelFree ? "Deterministic software (no AI)" : "AI language model" },
        };
        return new Provenance
        {
            Id = Guid.NewGuid().ToString("N"),
            Meta = modelFree ? new Meta() : new Meta { Security = [AiAssertedLabel] },
            Contained = [device],
            Target = [new ResourceReference($"DocumentReference/{document.Id}")],
            Recorded = now,
            Activity = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author"),
                    Who = new ResourceReference("#author"),
                },
            ],
            Entity = [new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = new ResourceReference(patientReference) },
                .. related.Select(r => new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = r })],
        };
    }
}
