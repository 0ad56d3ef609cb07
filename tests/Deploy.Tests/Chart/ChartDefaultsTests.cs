using System.Text.Json.Nodes;

namespace FhirMedGemma.Deploy.Tests.Chart;

public sealed class ChartDefaultsTests
{
    private static readonly JsonObject Values = ChartValues.Defaults;

    private static JsonNode Get(string dottedPath) =>
        dottedPath.Split('.').Aggregate((JsonNode?)Values, (node, key) => node?[key])
        ?? throw new KeyNotFoundException(dottedPath);

    [Fact]
    public void StartupProbe_Budget_AllowsAtLeastTenMinutesForModelLoad()
    {
        var seconds = Get("probes.startup.failureThreshold").GetValue<long>() * Get("probes.startup.periodSeconds").GetValue<long>();

        seconds.Should().BeGreaterThanOrEqualTo(600, "loading a 4B model must not get the pod killed by the liveness probe");
    }

    [Fact]
    public void Probes_Paths_AreTheServiceHealthEndpoints()
    {
        Get("probes.liveness.path").GetValue<string>().Should().Be("/healthz");
        Get("probes.startup.path").GetValue<string>().Should().Be("/healthz");
        Get("probes.readiness.path").GetValue<string>().Should().Be("/readyz");
    }

    [Fact]
    public void Defaults_GpuAndModelMount_MatchTheDeploymentContract()
    {
        Get("gpu.resourceName").GetValue<string>().Should().Be("nvidia.com/gpu");
        Get("model.mountPath").GetValue<string>().Should().Be("/models/medgemma");
        Get("containerPorts.http").GetValue<long>().Should().Be(8080);
        Get("containerPorts.grpc").GetValue<long>().Should().Be(8081);
    }

    [Fact]
    public void Defaults_SecurityContext_IsNonRootWithReadOnlyRootFilesystem()
    {
        Get("podSecurityContext.runAsNonRoot").GetValue<bool>().Should().BeTrue();
        Get("securityContext.readOnlyRootFilesystem").GetValue<bool>().Should().BeTrue();
        Get("securityContext.allowPrivilegeEscalation").GetValue<bool>().Should().BeFalse();
        Get("securityContext.capabilities.drop").AsArray().Select(n => n!.GetValue<string>()).Should().Contain("ALL");
    }

    [Fact]
    public void Defaults_NoSecretValue_IsSet()
    {
        foreach (var path in new[] { "config.auth.signingKey", "config.upstream.auth.token", "config.upstream.auth.clientSecret", "inference.remote.apiKey" })
        {
            Get(path).GetValue<string>().Should().BeEmpty(path);
        }
    }
}
