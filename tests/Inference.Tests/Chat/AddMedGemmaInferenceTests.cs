using FhirMedGemma.FhirAdapters.Flattening;
using FhirMedGemma.Inference.Chat;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Tests.Tokenization;
using FhirMedGemma.Inference.Tokenization;
using FhirMedGemma.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Tests.Chat;

public sealed class AddMedGemmaInferenceTests
{
    [Fact]
    public void ModeNone_RegistersNoChatClientAndValidates()
    {
        using var provider = Build(new() { ["Inference:Mode"] = "None" });

        provider.GetService<IChatClient>().Should().BeNull();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void NoInferenceSection_DefaultsToNone()
    {
        using var provider = Build([]);

        provider.GetService<IChatClient>().Should().BeNull();
        provider.GetRequiredService<IOptions<MedGemmaInferenceOptions>>().Value.Mode.Should().Be(InferenceMode.None);
    }

    [Fact]
    public void UnknownMode_FailsAtRegistrationNamingTheValue()
    {
        var act = () => Build(new() { ["Inference:Mode"] = "Cloud" });

        act.Should().Throw<OptionsValidationException>().WithMessage("*'Cloud'*None, InProcess, Remote*");
    }

    [Theory]
    [InlineData(null, "medgemma", "*Inference:Remote:Endpoint*")]
    [InlineData("vllm:8000/v1", "medgemma", "*Inference:Remote:Endpoint*")]
    [InlineData("ftp://vllm/v1", "medgemma", "*Inference:Remote:Endpoint*")]
    [InlineData("http://vllm:8000/v1", null, "*Inference:Remote:Model*")]
    public void ModeRemote_BadSettings_FailValidationOnStart(string? endpoint, string? model, string message)
    {
        using var provider = Build(new() { ["Inference:Mode"] = "Remote", ["Inference:Remote:Endpoint"] = endpoint, ["Inference:Remote:Model"] = model });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage(message);
    }

    [Fact]
    public void ModeInProcess_MissingDirectory_FailsValidationNamingIt()
    {
        using var provider = Build(new() { ["Inference:Mode"] = "InProcess", ["Inference:ModelDirectory"] = "/nonexistent/medgemma" });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*'/nonexistent/medgemma' does not exist*");
    }

    [Fact]
    public void ModeInProcess_DirectoryWithoutTokenizer_FailsValidationNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("medgemma-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "config.json"), "{}");
            using var provider = Build(new() { ["Inference:Mode"] = "InProcess", ["Inference:ModelDirectory"] = dir.FullName });

            var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

            act.Should().Throw<OptionsValidationException>().WithMessage("*tokenizer.json: missing*");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ChatOptions_OutOfRange_FailValidationOnStart()
    {
        using var provider = Build(new() { ["Inference:Chat:MaxNewTokens"] = "0" });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxNewTokens*");
    }

    [Fact]
    public async Task ModeInProcess_WithEngineRegistration_ServesChatAndTokenCounting()
    {
        var engine = new ScriptedGenerationEngine(SharedTokenizer.Instance.Encode("Glucose is normal."));
        using var provider = Build(
            new() { ["Inference:Mode"] = "InProcess", ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory, ["Inference:Chat:MaxNewTokens"] = "64" },
            (services, _) => services.AddSingleton<IGenerationEngine>(engine));
        provider.GetRequiredService<IStartupValidator>().Validate();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("Is the glucose normal?");

        response.Text.Should().Be("Glucose is normal.");
        engine.Requests.Single().MaxNewTokens.Should().Be(64);
        client.GetService<ChatClientMetadata>()!.ProviderName.Should().Be("onnxruntime");
        client.GetService<ChatClientMetadata>()!.DefaultModelId.Should().Be("tiny-medgemma", "the model id defaults to the directory name");
        client.GetService<MedGemmaChatClient>().Should().NotBeNull();
        provider.GetRequiredService<ITokenCounter>().Should().BeOfType<GemmaTokenCounter>()
            .Which.CountTokens("Serum creatinine: 1.23 mg/dL").Should().Be(11);
    }

    [Fact]
    public void ModeInProcess_WithoutEngine_ResolvingTheClientSaysWhatIsMissing()
    {
        using var provider = Build(new() { ["Inference:Mode"] = "InProcess", ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory });

        var act = () => provider.GetRequiredService<IChatClient>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*no IGenerationEngine*AddOnnxGenerationEngine*");
    }

    [Fact]
    public async Task ModeRemote_LoopbackServer_GetResponseAsyncReturnsCompletion()
    {
        await using var server = new LoopbackOpenAIServer("Hemoglobin ", "13.2 g/dL");
        using var provider = Build(new()
        {
            ["Inference:Mode"] = "Remote", ["Inference:Remote:Endpoint"] = server.BaseAddress.ToString(),
            ["Inference:Remote:Model"] = "google/medgemma-4b-it", ["Inference:Remote:ApiKey"] = "secret-key",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var client = provider.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hb?")], new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 20 });

        response.Text.Should().Be("Hemoglobin 13.2 g/dL");
        response.Usage!.InputTokenCount.Should().Be(12);
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        var request = server.Requests.Single();
        request.Path.Should().Be("/v1/chat/completions");
        request.Authorization.Should().Be("Bearer secret-key");
        request.Body.GetProperty("model").GetString().Should().Be("google/medgemma-4b-it");
        request.Body.GetProperty("messages").GetArrayLength().Should().Be(2);
        request.Body.GetProperty("temperature").GetSingle().Should().BeApproximately(0.2f, 1e-6f);
    }

    [Fact]
    public async Task ModeRemote_LoopbackServer_StreamsServerSentEvents()
    {
        await using var server = new LoopbackOpenAIServer("Na ", "138 ", "mmol/L");
        using var provider = Build(new()
        {
            ["Inference:Mode"] = "Remote", ["Inference:Remote:Endpoint"] = server.BaseAddress.ToString(), ["Inference:Remote:Model"] = "medgemma",
        });
        var client = provider.GetRequiredService<IChatClient>();

        var updates = await client.GetStreamingResponseAsync("Sodium?").ToListAsync();

        updates.Select(u => u.Text).Where(t => t.Length > 0).Should().Equal("Na ", "138 ", "mmol/L");
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.Stop);
        server.Requests.Single().Body.GetProperty("stream").GetBoolean().Should().BeTrue();
        server.Requests.Single().Authorization.Should().NotBeNullOrEmpty("the SDK always sends a credential; keyless servers ignore it");
    }

    [Fact]
    public async Task ModeRemote_LoggingPipeline_NeverLogsMessageContent()
    {
        await using var server = new LoopbackOpenAIServer("PATIENT-OUTPUT");
        var sink = new ListLoggerProvider();
        using var provider = Build(
            new() { ["Inference:Mode"] = "Remote", ["Inference:Remote:Endpoint"] = server.BaseAddress.ToString(), ["Inference:Remote:Model"] = "m" },
            configureLogging: logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("PATIENT-PROMPT Jane Doe");

        sink.Messages.Should().NotBeEmpty("the logging step still records calls");
        sink.Messages.Should().OnlyContain(m => !m.Contains("PATIENT", StringComparison.Ordinal) && !m.Contains("Jane", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(
        Dictionary<string, string?> settings,
        Action<IServiceCollection, IConfiguration>? engine = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(configureLogging ?? (_ => { }));
        services.AddMedGemmaInference(configuration, engine);
        return services.BuildServiceProvider();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages)
                {
                    owner.Messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
