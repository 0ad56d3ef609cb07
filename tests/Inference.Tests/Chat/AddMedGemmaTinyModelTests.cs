using System.Text.Json;
using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Inference.Tests.Chat;

/// <summary>
/// The whole in-process stack as a host gets it from <c>AddMedGemma</c>: tokenizer, chat template, ONNX engine and
/// schema-constrained decoding over the tiny random-weight model. Random weights make the text meaningless, so these
/// tests assert what must hold whatever the weights: the wiring, usage counts, and that constrained output is valid JSON.
/// </summary>
public sealed class AddMedGemmaTinyModelTests
{
    [Fact]
    public async Task InProcess_AnswersThroughTheOnnxEngineWithUsageCounts()
    {
        await using var provider = Build();
        var client = provider.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("Summarise: HbA1c 8.1 %", new ChatOptions { MaxOutputTokens = 8 });

        provider.GetRequiredService<IGenerationEngine>().GetType().Name.Should().Be("OnnxGenerationEngine");
        response.Usage!.InputTokenCount.Should().BeGreaterThan(5);
        response.Usage.OutputTokenCount.Should().BeInRange(1, 8);
        provider.GetRequiredService<ITokenCounter>().CountTokens("Summarise: HbA1c 8.1 %").Should().BeGreaterThan(3);
    }

    [Fact]
    public async Task InProcess_JsonSchemaResponseFormat_ConstrainsRandomWeightsToSchemaValidJson()
    {
        await using var provider = Build();
        var client = provider.GetRequiredService<IChatClient>();
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"flag":{"enum":["H","L","N"]},"critical":{"type":"boolean"}},"required":["flag","critical"]}
            """);

        var response = await client.GetResponseAsync(
            "Classify the result.",
            new ChatOptions { MaxOutputTokens = 40, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "result") });

        using var output = JsonDocument.Parse(response.Text);
        output.RootElement.GetProperty("flag").GetString().Should().BeOneOf("H", "L", "N");
        output.RootElement.GetProperty("critical").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
    }

    private static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:Mode"] = "InProcess",
            ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
            ["Inference:Engine:IntraOpNumThreads"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMedGemma(configuration);
        return services.BuildServiceProvider();
    }
}
