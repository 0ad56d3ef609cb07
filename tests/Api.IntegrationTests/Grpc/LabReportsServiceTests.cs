using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using FhirMedGemma.Grpc.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Hl7.Fhir.Serialization;
using StatusCode = Grpc.Core.StatusCode;

namespace FhirMedGemma.Api.IntegrationTests.Grpc;

/// <summary>The gRPC LabReports service, model-free, through a real channel.</summary>
public sealed class LabReportsServiceTests
{
    [Fact]
    public async Task ExtractObservations_Document_ReturnsRowsWithLoincAndBundle()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);

        var response = await client.ExtractObservationsAsync(new ExtractObservationsRequest
        {
            Document = new Document { Content = ByteString.CopyFrom(LabReportFixtures.Bytes), ContentType = "text/plain" },
            PatientReference = "Patient/g-1",
        }, ServiceHost.Bearer());

        response.Rows.Should().HaveCount(4);
        response.Rows.Single(r => r.LoincCode == "4548-4").Value.Should().Be("7.9");
        response.ModelInfo.ModelFree.Should().BeTrue();
        response.BundleJson.Should().Contain("\"type\":\"transaction\"").And.Contain("Patient/g-1");
    }

    [Fact]
    public async Task ExtractObservations_DiagnosticReportJson_Works()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);
        var json = new BaseFhirJsonSerializer(Hl7.Fhir.Model.ModelInfo.ModelInspector).SerializeToString(LabReportFixtures.Report());

        var response = await client.ExtractObservationsAsync(new ExtractObservationsRequest { DiagnosticReportJson = json }, ServiceHost.Bearer());

        response.Rows.Should().HaveCount(4);
    }

    [Fact]
    public async Task ExtractObservations_DocumentWithoutPatient_InvalidArgumentOnPatientReference()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.ExtractObservationsAsync(new ExtractObservationsRequest
            {
                Document = new Document { Content = ByteString.CopyFrom(LabReportFixtures.Bytes), ContentType = "text/plain" },
            }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        ex.Which.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field.Should().Contain("patient_reference");
    }

    [Fact]
    public async Task ExtractObservations_UnknownReportIdUpstream_NotFound()
    {
        await using var upstream = await LoopbackFhirServer.StartAsync();
        await using var host = await ServiceHost.StartAsync(upstream: upstream.BaseUrl);
        var client = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.ExtractObservationsAsync(
                new ExtractObservationsRequest { DiagnosticReportId = "missing" }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.NotFound);
        ex.Which.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason.Should().Be("RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task ExtractObservations_MessageOverLimit_ResourceExhaustedNotACrash()
    {
        await using var host = await ServiceHost.StartAsync(settings: new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "65536" });
        var client = new FhirMedGemma.Grpc.V1.LabReports.LabReportsClient(host.GrpcChannel);

        var ex = await FluentActions.Awaiting(async () => await client.ExtractObservationsAsync(new ExtractObservationsRequest
            {
                Document = new Document { Content = ByteString.CopyFrom(new byte[200_000]), ContentType = "application/pdf" },
                PatientReference = "Patient/x",
            }, ServiceHost.Bearer()))
            .Should().ThrowAsync<RpcException>();

        ex.Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }
}
