using System.Net;
using FhirMedGemma.Api.IntegrationTests.Infrastructure;
using FhirMedGemma.Grpc.V1;
using FhirMedGemma.Testing;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.IntegrationTests;

/// <summary>
/// The service with the real in-process stack (Inference:Mode=InProcess over the tiny random-weight MedGemma): the
/// wiring from configuration to the ONNX engine through both surfaces. Random weights make the text meaningless, so
/// these tests assert what must hold whatever the model says.
/// </summary>
public sealed class TinyModelTests
{
    private static Dictionary<string, string?> TinyModel() => new()
    {
        ["Inference:Mode"] = "InProcess",
        ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
        ["Inference:Engine:IntraOpNumThreads"] = "1",
        ["Inference:Engine:MaxPromptTokens"] = "2048",
        ["Limits:MaxSummaryTokens"] = "16",
    };

    [Fact]
    public async Task GrpcSummarize_WithTinyModel_IsAiLabelledWithUsageAndNoInventedCitations()
    {
        await using var host = await ServiceHost.StartAsync(settings: TinyModel());
        var client = new ClinicalSummary.ClinicalSummaryClient(host.GrpcChannel);

        var response = await client.SummarizeAsync(new SummarizeRequest { BundleJson = SyntheaFixtures.Json(SyntheaFixtures.Small) }, ServiceHost.Bearer());

        response.ModelInfo.ModelFree.Should().BeFalse();
        response.ModelInfo.ModelId.Should().NotBeEmpty();
        response.Usage.InputTokens.Should().BeGreaterThan(100);
        response.Usage.OutputTokens.Should().BeInRange(1, 16);
        response.DocumentReferenceJson.Should().Contain("AIAST");
        response.Citations.Select(c => c.Key).Where(k => !response.Summary.Contains(k, StringComparison.Ordinal))
            .Should().BeEmpty("every kept citation appears in the checked summary text");
    }

    [Fact]
    public async Task RestSummarize_WithTinyModel_ReadyzReportsInProcessAndAnswersParameters()
    {
        await using var host = await ServiceHost.StartAsync(settings: TinyModel());
        using var http = host.AuthorizedHttp();

        (await host.Http.GetStringAsync("readyz")).Should().Contain("\"mode\":\"InProcess\"").And.Contain("\"modelFree\":false");
        using var response = await http.PostAsync("fhir/Patient/$summarize", FhirHttp.Body(SyntheaFixtures.Json(SyntheaFixtures.Paged)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await FhirHttp.ReadAsync<Parameters>(response);
        result.Value<FhirBoolean>("modelFree").Value.Should().BeFalse();
        result.Part<DocumentReference>("documentReference").Meta!.Security.Should().ContainSingle(c => c.Code == "AIAST");
    }
}
