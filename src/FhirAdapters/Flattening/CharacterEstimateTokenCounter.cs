namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>
/// Estimates tokens as characters / 3.5, rounded up: close to SentencePiece tokenizers on English clinical text and
/// deliberately a little pessimistic. The default until the inference project registers the real tokenizer.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class CharacterEstimateTokenCounter : ITokenCounter
{
    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Integer arithmetic: ceil(length / 3.5) == ceil(2 * length / 7).
        return (int)(((2L * text.Length) + 6) / 7);
    }
}
