using System.Net;
using System.Net.Sockets;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>Asks the OS for a free loopback port (the service needs two distinct, known ports).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
