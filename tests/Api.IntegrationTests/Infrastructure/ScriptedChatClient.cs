using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace FhirMedGemma.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A hand-written IChatClient whose replies a test scripts: fixed chunks, or a callback. It records what it was asked
/// and whether its work was cancelled, so tests can prove deadlines and DELETE stop generation.
/// </summary>
internal sealed class ScriptedChatClient(Func<IList<ChatMessage>, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> script) : IChatClient
{
    private int _cancelled;

    public List<IList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public bool SawCancellation => Volatile.Read(ref _cancelled) == 1;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replies with <paramref name="chunks"/>, then a usage update.</summary>
    public static ScriptedChatClient Replying(params string[] chunks) => new((_, ct) => Stream(chunks, ct));

    /// <summary>Starts a reply and then waits until cancelled (a model stuck in a long generation).</summary>
    public static ScriptedChatClient GeneratingUntilCancelled() => new((_, ct) => Forever(ct));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (Requests)
        {
            Requests.Add(messages.ToList());
            Options.Add(options);
        }

        Started.TrySetResult();
        using var registration = cancellationToken.Register(() => Interlocked.Exchange(ref _cancelled, 1));
        await foreach (var update in script(messages.ToList(), cancellationToken).WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted-medgemma") : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(string[] chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 100, OutputTokenCount = chunks.Length })]);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Forever([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "The patient ");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
