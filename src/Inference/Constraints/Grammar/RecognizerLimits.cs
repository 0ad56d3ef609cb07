namespace FhirMedGemma.Inference.Constraints.Grammar;

/// <summary>The bounds that keep every constrained generation finite, copied from <see cref="JsonConstraintOptions"/>.</summary>
internal sealed record RecognizerLimits(int MaxStringBytes, int MaxNumberChars, int MaxWhitespaceRun, int MaxDepth)
{
    /// <summary>Room a backslash reserves: the longest escape is a surrogate pair, <c>\uD83D\uDE00</c>.</summary>
    public const int EscapeReserve = 12;
}
