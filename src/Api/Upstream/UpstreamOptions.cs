using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Api.Upstream;

/// <summary>The upstream FHIR server the service reads records from and writes results to (section <c>Upstream</c>).</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    /// <summary>Base URL of the FHIR server, e.g. https://fhir.example.org/r4/. Empty: operations by id answer 503.</summary>
    public Uri? BaseUrl { get; set; }

    public UpstreamAuthOptions Auth { get; set; } = new();

    /// <summary>Timeout of one attempt, in seconds. Default 30.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Most pages followed for one $everything. Default 20.</summary>
    [Range(1, 1000)]
    public int MaxPages { get; set; } = 20;

    /// <summary>Largest response body read from the server, in bytes. Default 64 MiB.</summary>
    [Range(1024, 1L << 31)]
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>How the service authenticates to the upstream server.</summary>
public sealed class UpstreamAuthOptions
{
    public UpstreamAuthMode Mode { get; set; } = UpstreamAuthMode.None;

    /// <summary>A static bearer token (Mode Bearer).</summary>
    public string? Token { get; set; }

    /// <summary>OAuth 2.0 token endpoint (Mode ClientCredentials).</summary>
    public Uri? TokenUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scopes requested with client credentials, e.g. "system/Patient.read system/DiagnosticReport.read".</summary>
    public string? Scope { get; set; }
}

/// <summary>Upstream authentication modes.</summary>
public enum UpstreamAuthMode
{
    None,
    Bearer,
    ClientCredentials,
}
