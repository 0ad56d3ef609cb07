using System.Runtime.CompilerServices;
using FhirMedGemma.Inference.Engine;

namespace FhirMedGemma.Inference.Tests.Chat;

/// <summary>A fake engine that yields a fixed id script and records what it was asked, including early disposal.</summary>
internal sealed class ScriptedGenerationEngine(IReadOnlyList<int> script, int maxPromptTokens = 4096, bool supportsImages = true) : IGenerationEngine
{
    public ModelDescriptor Model { get; } = new("tiny-medgemma", 262208, [1, 106], maxPromptTokens, supportsImages, 896, 262144, 256);

    public List<GenerationRequest> Requests { get; } = [];

    public int Yielded { get; private set; }

    public bool Completed { get; private set; }

    public bool Disposed { get; private set; }

    public async IAsyncEnumerable<int> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        try
        {
            foreach (var id in script.Take(request.MaxNewTokens))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                Yielded++;
                yield return id;
            }

            Completed = true;
        }
        finally
        {
            Disposed = true;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
