namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>
/// Counts the tokens a piece of prompt text costs. The inference project implements it with the model's real tokenizer;
/// the flattener uses it to keep a record inside the model's prompt budget.
/// </summary>
/// <remarks>Implementations must be thread-safe: one instance serves concurrent requests.</remarks>
public interface ITokenCounter
{
    /// <summary>Returns the number of tokens <paramref name="text"/> encodes to, without special tokens.</summary>
    int CountTokens(string text);
}
