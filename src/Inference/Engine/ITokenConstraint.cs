namespace FhirMedGemma.Inference.Engine;

/// <summary>
/// Restricts which tokens may come next (e.g. to keep output valid JSON for a schema). The engine calls
/// <see cref="MaskLogits"/> before picking each token and <see cref="Accept"/> with the token it picked.
/// </summary>
/// <remarks>One instance belongs to one sequence; it is never shared between concurrent sequences.</remarks>
public interface ITokenConstraint
{
    /// <summary>Sets the logits of every token that cannot come next to negative infinity.</summary>
    void MaskLogits(Span<float> logits);

    /// <summary>Advances the constraint's state by the token the engine picked.</summary>
    void Accept(int tokenId);

    /// <summary>True when the output is complete and only an end-of-sequence token may follow.</summary>
    bool IsComplete { get; }
}
