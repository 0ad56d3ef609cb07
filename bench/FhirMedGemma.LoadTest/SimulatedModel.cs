using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace FhirMedGemma.LoadTest;

/// <summary>
/// A stand-in IChatClient that streams a fixed number of tokens with a fixed delay each: it exercises streaming,
/// admission and cancellation at a known generation cost. Not a model; the report says when it was used.
/// </summary>
internal sealed class SimulatedModel(int tokens, TimeSpan perToken) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < tokens; i++)
        {
            await Task.Delay(perToken, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, i % 8 == 7 ? " [1]." : " word");
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 500, OutputTokenCount = tokens })]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("simulated", null, "simulated-model") : null;

    public void Dispose()
    {
    }
}
