using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using Grpc.Reflection.V1Alpha;

namespace FhirMedGemma.Api.IntegrationTests.Grpc;

/// <summary>Health (gRPC and HTTP) and reflection are open without a token and report the inference mode.</summary>
public sealed class HealthAndReflectionTests
{
    [Fact]
    public async Task GrpcHealth_WithoutToken_Serving()
    {
        await using var host = await ServiceHost.StartAsync();

        var response = await new global::Grpc.Health.V1.Health.HealthClient(host.GrpcChannel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());

        response.Status.Should().Be(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task Reflection_ListsBothServices()
    {
        await using var host = await ServiceHost.StartAsync();
        using var call = new ServerReflection.ServerReflectionClient(host.GrpcChannel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        await call.ResponseStream.MoveNext(CancellationToken.None);

        call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)
            .Should().Contain(["fhirmedgemma.v1.ClinicalSummary", "fhirmedgemma.v1.LabReports", "grpc.health.v1.Health"]);
    }

    [Fact]
    public async Task Readyz_WithoutModel_ReportsModeNoneAndModelFree()
    {
        await using var host = await ServiceHost.StartAsync();

        var body = await host.Http.GetStringAsync("readyz");

        body.Should().Contain("\"status\":\"Healthy\"").And.Contain("\"mode\":\"None\"").And.Contain("\"modelFree\":true");
        (await host.Http.GetAsync("healthz")).IsSuccessStatusCode.Should().BeTrue();
    }

    [Fact]
    public async Task Readyz_WithModel_ReportsModeAndModelId()
    {
        await using var host = await ServiceHost.StartAsync(ScriptedChatClient.Replying("x"));

        var body = await host.Http.GetStringAsync("readyz");

        body.Should().Contain("\"mode\":\"Custom\"").And.Contain("\"modelFree\":false").And.Contain("scripted-medgemma");
    }
}
