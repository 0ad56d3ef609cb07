using Microsoft.Extensions.AI;

namespace FhirMedGemma.FhirAdapters.Tests.LabReports;

/// <summary>A chat client whose answers come from a callback; it records every call's messages and options.</summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, int, string> answer) : IChatClient
{
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Add((list, options));
        var text = answer(list, Calls.Count);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "scripted-medgemma" });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>All text of the user messages of a call.</summary>
    public static string UserText(IReadOnlyList<ChatMessage> messages) =>
        string.Join("\n", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
}
