namespace FhirMedGemma.Api.Fhir;

/// <summary>HTTP header names and values of the FHIR surface.</summary>
internal static class KnownHeaders
{
    public const string Prefer = "Prefer";
    public const string RespondAsync = "respond-async";
    public const string ContentLocation = "Content-Location";
    public const string RetryAfter = "Retry-After";
    public const string WwwAuthenticate = "WWW-Authenticate";
}
