using System.Text.Json;
using System.Xml;
using FhirMedGemma.FhirAdapters;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.Api.Fhir;

/// <summary>Firely parsing and serialization in both formats. Thread-safe; one instance serves every request.</summary>
internal sealed class FhirSerialization
{
    private readonly FhirJsonDeserializer _json = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private readonly FhirXmlDeserializer _xml = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private readonly BaseFhirJsonSerializer _jsonWriter = new(ModelInfo.ModelInspector);
    private readonly BaseFhirXmlSerializer _xmlWriter = new(ModelInfo.ModelInspector);

    /// <summary>Parses a resource. Syntax errors and non-resources become <see cref="InvalidClinicalInputException"/> (400).</summary>
    /// <remarks>Recoverable mode keeps what parsed when an element is unknown, as Synthea and real servers send extras.</remarks>
    public Resource Parse(string body, FhirFormat format)
    {
        try
        {
            Resource? resource = format == FhirFormat.Json ? ParseJson(body) : _xml.DeserializeResource(body);
            // Recoverable mode keeps an unknown resourceType as a dynamic resource; that is not FHIR R4 input.
            return resource is not null && ModelInfo.IsKnownResource(resource.TypeName) ? resource : throw NotFhir(format, null);
        }
        catch (Exception ex) when (ex is JsonException or XmlException or DeserializationFailedException or FormatException)
        {
            // Firely/System.Text.Json messages quote input: keep them only as inner exception (never logged).
            throw NotFhir(format, ex);
        }
    }

    public string ToJson(Resource resource) => _jsonWriter.SerializeToString(resource);

    public string Serialize(Resource resource, FhirFormat format) =>
        format == FhirFormat.Json ? _jsonWriter.SerializeToString(resource) : _xmlWriter.SerializeToString(resource);

    private Resource? ParseJson(string body)
    {
        // Check the syntax first: a recoverable deserializer may return a half-read resource for broken JSON.
        using (JsonDocument.Parse(body))
        {
        }

        return _json.DeserializeResource(body);
    }

    private static InvalidClinicalInputException NotFhir(FhirFormat format, Exception? inner) => new(
        FhirAdapterErrorCodes.NotFhir,
        format == FhirFormat.Json ? "The body is not a FHIR JSON resource." : "The body is not a FHIR XML resource.",
        OperationOutcome.IssueType.Structure,
        innerException: inner);
}
