using Microsoft.Extensions.AI;

namespace FhirMedGemma.Api.Health;

/// <summary>What the service runs on: the configured <c>Inference:Mode</c> and whether a model (an IChatClient) is present.</summary>
internal sealed class InferenceStatus(IConfiguration configuration, IServiceProvider services)
{
    private readonly IChatClient? _chatClient = services.GetService<IChatClient>();

    /// <summary>
    /// The configured mode (None, InProcess, Remote), or "Custom" when the host registered its own IChatClient while
    /// Inference:Mode is None (the CLI, tests).
    /// </summary>
    public string Name => configuration["Inference:Mode"] is { Length: > 0 } m && !string.Equals(m, "None", StringComparison.OrdinalIgnoreCase)
        ? m
        : _chatClient is null ? "None" : "Custom";

    /// <summary>The model, or null when the service runs model-free.</summary>
    public IChatClient? ChatClient => _chatClient;

    public bool ModelFree => _chatClient is null;

    /// <summary>
    /// Token budget for a flattened record sent to the model: the engine's prompt limit (Inference:Engine:MaxPromptTokens,
    /// default 8192) less room for the instructions and chat template, so a long record is cut by the flattener (oldest
    /// facts first, announced) instead of being rejected as PROMPT_TOO_LONG.
    /// </summary>
    public int RecordTokenBudget => Math.Max(256, configuration.GetValue("Inference:Engine:MaxPromptTokens", 8192) - 512);

    /// <summary>The model id reported in responses and provenance.</summary>
    public string? ModelId =>
        _chatClient is null ? null
        : configuration["Inference:ModelId"] is { Length: > 0 } id ? id
        : _chatClient.GetService<ChatClientMetadata>()?.DefaultModelId
        ?? (configuration["Inference:ModelDirectory"] is { Length: > 0 } dir ? Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)) : Name);
}
