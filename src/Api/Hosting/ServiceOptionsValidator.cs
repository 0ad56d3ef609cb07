using System.Net;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Hosting;

/// <summary>Cross-field rules DataAnnotations cannot express.</summary>
internal sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        var failures = new List<string>();
        if (options.HttpPort != 0 && options.HttpPort == options.GrpcPort)
        {
            failures.Add($"Service:HttpPort and Service:GrpcPort are both {options.HttpPort}; REST and gRPC need separate ports.");
        }

        if (!string.IsNullOrEmpty(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add("Service:BindAddress is not an IP address.");
        }

        if (!string.IsNullOrEmpty(options.Tls.CertificatePath) && !File.Exists(options.Tls.CertificatePath))
        {
            failures.Add("Service:Tls:CertificatePath names a file that does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
