namespace FhirMedGemma.Api.Fhir;

/// <summary>FHIR media types and the <c>_format</c> aliases the service understands.</summary>
internal static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";
    public const string PlainJson = "application/json";
    public const string PlainXml = "application/xml";
    public const string TextXml = "text/xml";

    /// <summary>Returns the FHIR format a request or Accept media type names, or null when it names none.</summary>
    public static FhirFormat? FormatOf(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return null;
        }

        var bare = mediaType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return bare switch
        {
            Json or PlainJson or "json" => FhirFormat.Json,
            Xml or PlainXml or TextXml or "xml" => FhirFormat.Xml,
            _ => null,
        };
    }
}
