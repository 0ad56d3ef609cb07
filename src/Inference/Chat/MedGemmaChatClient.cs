using System.Runtime.CompilerServices;
using System.Text.Json;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Images;
using FhirMedGemma.Inference.Prompts;
using FhirMedGemma.Inference.Tokenization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirMedGemma.Inference.Chat;

/// <summary>
/// MedGemma in this process as an <see cref="IChatClient"/>: renders the Gemma chat template, tokenizes, preprocesses
/// images, checks the prompt length, runs the <see cref="IGenerationEngine"/> and streams the detokenized text, cutting it
/// at stop strings. Logs ids, counts and timings only, never prompt or output text.
/// </summary>
public sealed partial class MedGemmaChatClient : IChatClient
{
    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "onnxruntime";

    private readonly IGenerationEngine _engine;
    private readonly GemmaTokenizer _tokenizer;
    private readonly GemmaChatTemplate _template;
    private readonly ImagePreprocessor _images;
    private readonly MedGemmaChatClientOptions _options;
    private readonly ITokenConstraintFactory? _constraints;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;

    public MedGemmaChatClient(
        IGenerationEngine engine,
        GemmaTokenizer tokenizer,
        GemmaChatTemplate template,
        ImagePreprocessor images,
        MedGemmaChatClientOptions options,
        ITokenConstraintFactory? constraintFactory = null,
        string? modelId = null,
        ILogger<MedGemmaChatClient>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _engine = engine;
        _tokenizer = tokenizer;
        _template = template;
        _images = images;
        _options = options;
        _constraints = constraintFactory;
        _logger = logger ?? NullLogger<MedGemmaChatClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        ModelId = string.IsNullOrWhiteSpace(modelId) ? engine.Model.ModelId : modelId;
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: ModelId);
    }

    /// <summary>The model name reported in responses.</summary>
    public string ModelId { get; }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var started = _time.GetTimestamp();
        var responseId = Guid.NewGuid().ToString("N");
        var request = BuildRequest(messages, options, out var stops);
        var createdAt = _time.GetUtcNow();
        LogStarted(responseId, request.PromptIds.Count, request.Images.Count, request.MaxNewTokens, request.Sampling.IsGreedy, request.Constraint is not null);

        var detokenizer = new StreamingDetokenizer(_tokenizer, skipSpecialTokens: true);
        var stopMatcher = new StopSequenceMatcher(stops);
        var generated = 0;
        long firstTokenAt = 0;
        await foreach (var id in _engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (generated++ == 0)
            {
                firstTokenAt = _time.GetTimestamp();
            }

            var text = stopMatcher.Append(detokenizer.Push(id));
            if (text.Length > 0)
            {
                yield return Update(responseId, createdAt, text);
            }

            if (stopMatcher.Stopped)
            {
                break; // leaving the engine's enumeration frees the sequence at once
            }
        }

        var tail = stopMatcher.Stopped ? string.Empty : stopMatcher.Append(detokenizer.Flush()) + stopMatcher.Flush();
        if (tail.Length > 0)
        {
            yield return Update(responseId, createdAt, tail);
        }

        var finishReason = !stopMatcher.Stopped && generated >= request.MaxNewTokens ? ChatFinishReason.Length : ChatFinishReason.Stop;
        var usage = new UsageDetails
        {
            InputTokenCount = request.PromptIds.Count,
            OutputTokenCount = generated,
            TotalTokenCount = request.PromptIds.Count + generated,
        };
        var final = Update(responseId, createdAt, null);
        final.FinishReason = finishReason;
        final.Contents.Add(new UsageContent(usage));
        var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
        var firstTokenMs = generated > 0 ? _time.GetElapsedTime(started, firstTokenAt).TotalMilliseconds : 0;
        LogFinished(responseId, request.PromptIds.Count, generated, finishReason.Value, elapsedMs, firstTokenMs);
        yield return final;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_engine) ? _engine
            : null;
    }

    /// <summary>The engine belongs to the container (or whoever made it); nothing to release here.</summary>
    public void Dispose()
    {
    }

    private GenerationRequest BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, out IReadOnlyList<string> stops)
    {
        var (prompt, images) = ChatMessageConverter.Convert(messages);
        var model = _engine.Model;
        if (images.Count > 0 && !model.SupportsImages)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, $"The model '{ModelId}' has no vision encoder; the request holds {images.Count} image(s).");
        }

        var promptIds = _tokenizer.Encode(_template.ExpandImages(GemmaChatTemplate.Render(prompt)), addBos: false);
        if (promptIds.Count > model.MaxPromptTokens)
        {
            throw Invalid(InferenceErrorCodes.PromptTooLong, $"The prompt is {promptIds.Count} tokens; the limit is {model.MaxPromptTokens}.");
        }

        var maxNewTokens = options?.MaxOutputTokens ?? _options.MaxNewTokens;
        if (maxNewTokens < 1 || maxNewTokens > _options.MaxOutputTokensLimit)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, $"MaxOutputTokens is {maxNewTokens}; it must be between 1 and {_options.MaxOutputTokensLimit}.");
        }

        var sampling = Sampling(options);
        var pixels = images.Select(image => _images.Preprocess(image.Data.Span)).ToList();
        stops = options?.StopSequences?.ToArray() ?? [];
        return new GenerationRequest(promptIds, pixels, maxNewTokens, sampling, StopTokenIds: null, Constraint: Constraint(options));
    }

    private SamplingParameters Sampling(ChatOptions? options)
    {
        var temperature = options?.Temperature ?? _options.Temperature;
        var topK = options?.TopK ?? 0;
        var topP = options?.TopP ?? 1f;
        var seed = options?.Seed;
        if (!float.IsFinite(temperature) || temperature < 0f)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, $"Temperature is {temperature}; it must be 0 (greedy) or positive.");
        }

        if (topK < 0)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, $"TopK is {topK}; it must be 0 (off) or positive.");
        }

        if (!(topP > 0f && topP <= 1f))
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, $"TopP is {topP}; it must be in (0, 1].");
        }

        if (seed is < int.MinValue or > int.MaxValue)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, "Seed must fit in 32 bits.");
        }

        return new SamplingParameters(temperature, topK, topP, seed is null ? null : (int)seed.Value);
    }

    private ITokenConstraint? Constraint(ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson json)
        {
            return null;
        }

        if (_constraints is null)
        {
            LogJsonUnconstrained();
            return null;
        }

        return _constraints.CreateForJsonSchema(json.Schema is { } schema ? schema : (JsonElement?)null);
    }

    private ChatResponseUpdate Update(string responseId, DateTimeOffset createdAt, string? text) =>
        new(ChatRole.Assistant, text) { ResponseId = responseId, MessageId = responseId, ModelId = ModelId, CreatedAt = createdAt };

    private static InvalidModelInputException Invalid(string code, string message) => new(code, message);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug,
        Message = "Generation {ResponseId} started: {PromptTokens} prompt tokens, {Images} images, max {MaxNewTokens} new tokens, greedy {Greedy}, constrained {Constrained}")]
    private partial void LogStarted(string responseId, int promptTokens, int images, int maxNewTokens, bool greedy, bool constrained);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Generation {ResponseId} finished: {PromptTokens} prompt tokens, {OutputTokens} output tokens, finish {FinishReason}, {ElapsedMs:F1} ms, first token after {FirstTokenMs:F1} ms")]
    private partial void LogFinished(string responseId, int promptTokens, int outputTokens, string finishReason, double elapsedMs, double firstTokenMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "JSON output was requested but no ITokenConstraintFactory is registered; generating unconstrained")]
    private partial void LogJsonUnconstrained();
}
