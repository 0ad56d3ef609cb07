namespace FhirMedGemma.Inference.Engine;

/// <summary>How the next token is picked. Temperature 0 (the default) is greedy decoding.</summary>
/// <param name="Temperature">0 for greedy; otherwise logits are divided by it before softmax.</param>
/// <param name="TopK">Keep only the K most likely tokens; 0 disables.</param>
/// <param name="TopP">Keep the smallest set of tokens whose probability reaches P; 1 disables.</param>
/// <param name="Seed">Seed of the per-sequence random generator; the same seed gives the same tokens.</param>
public sealed record SamplingParameters(float Temperature = 0f, int TopK = 0, float TopP = 1f, int? Seed = null)
{
    /// <summary>Greedy decoding (argmax).</summary>
    public static SamplingParameters Greedy { get; } = new();

    /// <summary>True when no randomness is involved.</summary>
    public bool IsGreedy => Temperature <= 0f;
}
