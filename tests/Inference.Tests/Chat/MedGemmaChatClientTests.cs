using System.Text.Json;
using FhirMedGemma.Inference.Chat;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Images;
using FhirMedGemma.Inference.Prompts;
using FhirMedGemma.Inference.Tests.Tokenization;
using FhirMedGemma.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace FhirMedGemma.Inference.Tests.Chat;

public sealed class MedGemmaChatClientTests
{
    private static readonly ImagePreprocessor Images = new(PreprocessorConfig.Gemma3, new ImagePreprocessorOptions());

    [Fact]
    public async Task GetResponseAsync_TextTurn_SendsTemplateIdsAndReturnsDecodedTextWithUsage()
    {
        var engine = Engine("The HbA1c is high.");
        using var client = Client(engine);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "You are a clinical data extraction assistant."), new ChatMessage(ChatRole.User, "List the abnormal labs as JSON.")]);

        var reference = GenerationCase("text_system");
        engine.Requests.Single().PromptIds.Should().Equal(reference.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()));
        response.Text.Should().Be("The HbA1c is high.");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage!.InputTokenCount.Should().Be(engine.Requests.Single().PromptIds.Count);
        response.Usage.OutputTokenCount.Should().Be(Tokenize("The HbA1c is high.").Count);
        response.ModelId.Should().Be("tiny-medgemma");
    }

    [Fact]
    public async Task GetResponseAsync_ImageAsDataContent_ExpandsImageTokensAndPassesPixels()
    {
        var engine = Engine("ok");
        using var client = Client(engine);
        var png = await File.ReadAllBytesAsync(Path.Combine(RepoFixtures.ModelReferenceDirectory, "lab_report_photo.png"));
        var message = new ChatMessage(ChatRole.User, [new DataContent(png, "image/png"), new TextContent("Extract every lab value with its unit.")]);

        await client.GetResponseAsync([message]);

        var request = engine.Requests.Single();
        request.PromptIds.Should().Equal(GenerationCase("image_lab_report").GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()));
        request.Images.Should().ContainSingle().Which.Should().HaveCount(3 * 896 * 896);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ByteFallbackCharacter_IsNeverSplitAcrossUpdates()
    {
        var engine = Engine("a \U00020000 b");
        using var client = Client(engine);

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).ToListAsync();

        var texts = updates.Select(u => u.Text).Where(t => t.Length > 0).ToList();
        texts.Should().Contain(t => t.Contains("\U00020000", StringComparison.Ordinal));
        texts.Should().OnlyContain(t => !char.IsHighSurrogate(t[t.Length - 1]));
        string.Concat(texts).Should().Be("a \U00020000 b");
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop);
        updates[^1].Contents.OfType<UsageContent>().Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_StopSequence_TrimsItAndStopsTheEngine()
    {
        var engine = Engine("Result: 42 END and more text that must not be generated");
        using var client = Client(engine);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { StopSequences = ["END"] });

        response.Text.Should().Be("Result: 42 ");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        engine.Completed.Should().BeFalse();
        engine.Disposed.Should().BeTrue("breaking out of the stream releases the engine's sequence");
        engine.Yielded.Should().BeLessThan(Tokenize("Result: 42 END and more text that must not be generated").Count);
    }

    [Fact]
    public async Task GetResponseAsync_MaxOutputTokensReached_FinishReasonLength()
    {
        var engine = Engine("one two three four five six");
        using var client = Client(engine);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { MaxOutputTokens = 3 });

        engine.Requests.Single().MaxNewTokens.Should().Be(3);
        response.Usage!.OutputTokenCount.Should().Be(3);
        response.FinishReason.Should().Be(ChatFinishReason.Length);
    }

    [Fact]
    public async Task GetResponseAsync_ChatOptions_MapOntoSamplingParameters()
    {
        var engine = Engine("x");
        using var client = Client(engine);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { Temperature = 0.7f, TopK = 40, TopP = 0.9f, Seed = 1234 });

        engine.Requests.Single().Sampling.Should().Be(new SamplingParameters(0.7f, 40, 0.9f, 1234));
    }

    [Fact]
    public async Task GetResponseAsync_NoOptions_UsesConfiguredDefaults()
    {
        var engine = Engine("x");
        using var client = Client(engine, new MedGemmaChatClientOptions { MaxNewTokens = 77, Temperature = 0.3f });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        engine.Requests.Single().MaxNewTokens.Should().Be(77);
        engine.Requests.Single().Sampling.Temperature.Should().Be(0.3f);
    }

    [Fact]
    public async Task GetResponseAsync_PromptOverLimit_ThrowsPromptTooLongWithoutCallingEngine()
    {
        var engine = Engine("x", maxPromptTokens: 10);
        using var client = Client(engine);

        var act = () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "a prompt that is certainly longer than ten tokens once templated")]);

        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.PromptTooLong);
        engine.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(-1f, 0, 1f)]
    [InlineData(0.5f, -3, 1f)]
    [InlineData(0.5f, 0, 0f)]
    [InlineData(0.5f, 0, 1.5f)]
    public async Task GetResponseAsync_BadSampling_ThrowsInvalidGenerationRequest(float temperature, int topK, float topP)
    {
        var engine = Engine("x");
        using var client = Client(engine);

        var act = () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { Temperature = temperature, TopK = topK, TopP = topP });

        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.InvalidGenerationRequest);
        engine.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetResponseAsync_ImageOnTextOnlyModel_ThrowsBeforeEngine()
    {
        var engine = Engine("x", supportsImages: false);
        using var client = Client(engine);
        var png = await File.ReadAllBytesAsync(Path.Combine(RepoFixtures.ModelReferenceDirectory, "grayscale_wide.png"));

        var act = () => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(png, "image/png")])]);

        await act.Should().ThrowAsync<InvalidModelInputException>().WithMessage("*no vision encoder*");
        engine.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetResponseAsync_CorruptImage_ThrowsImageInvalid()
    {
        var engine = Engine("x");
        using var client = Client(engine);

        var act = () => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2, 3 }, "image/png")])]);

        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.ImageInvalid);
    }

    [Fact]
    public async Task GetResponseAsync_JsonResponseFormatWithFactory_PutsConstraintInRequest()
    {
        var engine = Engine("{}");
        var factory = new RecordingConstraintFactory();
        using var client = Client(engine, constraints: factory);
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "labs") });

        factory.Schemas.Should().ContainSingle().Which!.Value.GetProperty("type").GetString().Should().Be("object");
        engine.Requests.Single().Constraint.Should().BeSameAs(factory.Created.Single());
    }

    [Fact]
    public async Task GetResponseAsync_TextResponseFormat_HasNoConstraint()
    {
        var engine = Engine("x");
        var factory = new RecordingConstraintFactory();
        using var client = Client(engine, constraints: factory);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        engine.Requests.Single().Constraint.Should().BeNull();
        factory.Created.Should().BeEmpty();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Cancelled_StopsAndReleasesEngine()
    {
        var engine = Engine(string.Join(' ', Enumerable.Repeat("word", 200)));
        using var client = Client(engine);
        using var cts = new CancellationTokenSource();

        var act = async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        engine.Completed.Should().BeFalse();
        engine.Disposed.Should().BeTrue();
    }

    [Fact]
    public void GetService_ChatClientMetadata_ReportsOnnxRuntimeAndModelId()
    {
        using var client = Client(Engine("x"), modelId: "medgemma-1.5-4b-it");

        var metadata = client.GetService<ChatClientMetadata>();

        metadata!.ProviderName.Should().Be("onnxruntime");
        metadata.DefaultModelId.Should().Be("medgemma-1.5-4b-it");
        client.GetService<IGenerationEngine>().Should().NotBeNull();
    }

    [Fact]
    public async Task GetResponseAsync_Logs_NeverContainPromptOrOutputText()
    {
        var engine = Engine("SECRET-OUTPUT");
        var logger = new CapturingLogger();
        using var client = new MedGemmaChatClient(engine, SharedTokenizer.Instance, new GemmaChatTemplate(), Images, new MedGemmaChatClientOptions(), logger: logger);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Patient Jane Doe SECRET-PROMPT")]);

        logger.Messages.Should().NotBeEmpty();
        logger.Messages.Should().OnlyContain(m => !m.Contains("SECRET", StringComparison.Ordinal) && !m.Contains("Jane", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_ToolRole_IsRejected()
    {
        using var client = Client(Engine("x"));

        var act = () => client.GetResponseAsync([new ChatMessage(ChatRole.Tool, "q")]);

        await act.Should().ThrowAsync<InvalidModelInputException>().WithMessage("*role 'tool'*");
    }

    private static ScriptedGenerationEngine Engine(string output, int maxPromptTokens = 4096, bool supportsImages = true) =>
        new(Tokenize(output), maxPromptTokens, supportsImages);

    private static IReadOnlyList<int> Tokenize(string text) => SharedTokenizer.Instance.Encode(text);

    private static MedGemmaChatClient Client(
        ScriptedGenerationEngine engine, MedGemmaChatClientOptions? options = null, ITokenConstraintFactory? constraints = null, string? modelId = null) =>
        new(engine, SharedTokenizer.Instance, GemmaChatTemplate.Load(RepoFixtures.TinyModelDirectory), Images, options ?? new MedGemmaChatClientOptions(), constraints, modelId);

    private static JsonElement GenerationCase(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFixtures.ModelReferenceDirectory, "generation_reference.json")))
            .RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private sealed class RecordingConstraintFactory : ITokenConstraintFactory
    {
        public List<JsonElement?> Schemas { get; } = [];

        public List<ITokenConstraint> Created { get; } = [];

        public ITokenConstraint CreateForJsonSchema(JsonElement? schema)
        {
            Schemas.Add(schema);
            var constraint = new NoConstraint();
            Created.Add(constraint);
            return constraint;
        }
    }

    private sealed class NoConstraint : ITokenConstraint
    {
        public bool IsComplete => false;

        public void MaskLogits(Span<float> logits)
        {
        }

        public void Accept(int tokenId)
        {
        }
    }

    private sealed class CapturingLogger : ILogger<MedGemmaChatClient>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
