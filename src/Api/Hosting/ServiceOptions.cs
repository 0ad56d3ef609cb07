using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Api.Hosting;

/// <summary>Where the service listens (section <c>Service</c>).</summary>
/// <remarks>
/// REST (HTTP/1.1) and gRPC (HTTP/2) get separate ports because cleartext HTTP/2 cannot be negotiated next to HTTP/1.1
/// on one port without TLS/ALPN.
/// </remarks>
public sealed class ServiceOptions
{
    public const string SectionName = "Service";

    /// <summary>Port for FHIR REST and health (HTTP/1.1). Default 8080; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>Port for gRPC (HTTP/2, cleartext unless TLS is configured). Default 8081; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 8081;

    /// <summary>IP address to bind; empty binds every interface (the container default). Tests bind 127.0.0.1.</summary>
    public string? BindAddress { get; set; }

    /// <summary>Optional TLS for both endpoints.</summary>
    public ServiceTlsOptions Tls { get; set; } = new();
}

/// <summary>A PFX certificate that turns both endpoints into HTTPS.</summary>
public sealed class ServiceTlsOptions
{
    /// <summary>Path to a PKCS#12 (.pfx) file; empty means cleartext.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PFX file, if any.</summary>
    public string? CertificatePassword { get; set; }
}
