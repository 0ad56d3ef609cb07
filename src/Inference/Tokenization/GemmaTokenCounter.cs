using FhirMedGemma.FhirAdapters.Flattening;

namespace FhirMedGemma.Inference.Tokenization;

/// <summary>The flattener's prompt budget measured with the model's real tokenizer.</summary>
public sealed class GemmaTokenCounter(GemmaTokenizer tokenizer) : ITokenCounter
{
    /// <inheritdoc />
    public int CountTokens(string text) => tokenizer.CountTokens(text);
}
