using System.Net;
using FhirMedGemma.Api.Limits;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FhirMedGemma.Api.Hosting;

/// <summary>Binds the two Kestrel endpoints: REST on HTTP/1.1, gRPC on HTTP/2.</summary>
internal static class KestrelEndpoints
{
    public static void Configure(KestrelServerOptions kestrel, ServiceOptions service, LimitsOptions limits)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        var address = string.IsNullOrEmpty(service.BindAddress) ? IPAddress.IPv6Any : IPAddress.Parse(service.BindAddress);
        Listen(kestrel, address, service.HttpPort, HttpProtocols.Http1, service.Tls);
        Listen(kestrel, address, service.GrpcPort, HttpProtocols.Http2, service.Tls);
    }

    private static void Listen(KestrelServerOptions kestrel, IPAddress address, int port, HttpProtocols protocols, ServiceTlsOptions tls)
    {
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = protocols;
            if (!string.IsNullOrEmpty(tls.CertificatePath))
            {
                listen.UseHttps(tls.CertificatePath, tls.CertificatePassword);
            }
        });
    }
}
