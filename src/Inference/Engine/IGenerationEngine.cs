namespace FhirMedGemma.Inference.Engine;

/// <summary>
/// Generates token ids for prompts on a loaded model, batching concurrent sequences. Text, chat templates and stop
/// strings live a layer above (MedGemmaChatClient); this contract speaks ids only.
/// </summary>
/// <remarks>Thread-safe: any number of callers may generate at once; admission is bounded and overflow throws.</remarks>
public interface IGenerationEngine : IAsyncDisposable
{
    /// <summary>What was loaded: model id, vocabulary size, stop ids, limits.</summary>
    ModelDescriptor Model { get; }

    /// <summary>
    /// Streams the generated ids of one sequence as they are decoded. Stops at a stop id (not yielded), at
    /// <see cref="GenerationRequest.MaxNewTokens"/>, or when the caller cancels or stops enumerating; either frees the
    /// sequence's batch slot and KV cache at once.
    /// </summary>
    /// <exception cref="CapacityExceededException">All slots and the wait queue are full.</exception>
    /// <exception cref="InvalidModelInputException">The prompt is over the limit or the images do not match the prompt.</exception>
    IAsyncEnumerable<int> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}
