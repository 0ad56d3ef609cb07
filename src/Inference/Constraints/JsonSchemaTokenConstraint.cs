using FhirMedGemma.Inference.Constraints.Grammar;
using FhirMedGemma.Inference.Engine;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// Keeps one generation's output valid JSON for a schema: each step's mask allows exactly the tokens whose bytes extend
/// the text towards a valid document, and end-of-sequence only once the document is complete.
/// </summary>
/// <remarks>One instance per sequence (not thread-safe); the vocabulary index it reads is shared and immutable.</remarks>
public sealed class JsonSchemaTokenConstraint : ITokenConstraint
{
    private readonly JsonVocabularyIndex _index;
    private readonly ulong[] _allowed;
    private JsonRecognizer _state;
    private bool _ended;

    internal JsonSchemaTokenConstraint(JsonVocabularyIndex index, SchemaNode schema, RecognizerLimits limits)
    {
        _index = index;
        _allowed = new ulong[index.BitsPerSet];
        _state = new JsonRecognizer(schema, limits);
    }

    /// <inheritdoc />
    public bool IsComplete => _ended || _state.IsComplete;

    /// <summary>True when an end-of-sequence token would be accepted now.</summary>
    public bool CanEnd => !_ended && _state.CanEnd;

    /// <inheritdoc />
    public void MaskLogits(Span<float> logits)
    {
        if (_ended)
        {
            logits.Fill(float.NegativeInfinity);
            return;
        }

        TokenMaskBuilder.Build(_index, _state, _state.CanEnd, _allowed);
        TokenMaskBuilder.Apply(_allowed, logits);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The token was not allowed (the engine ignored the mask).</exception>
    public void Accept(int tokenId)
    {
        if (_ended)
        {
            throw new InvalidOperationException($"Token {tokenId} was picked after the constrained output ended.");
        }

        if (Array.IndexOf(_index.EndOfSequenceIds, tokenId) >= 0)
        {
            _ended = _state.CanEnd
                ? true
                : throw new InvalidOperationException($"End-of-sequence token {tokenId} was picked before the JSON was complete.");
            return;
        }

        if (!TryAdvance(tokenId))
        {
            throw new InvalidOperationException($"Token {tokenId} cannot continue the constrained JSON output.");
        }
    }

    /// <summary>True when <paramref name="tokenId"/> (not end-of-sequence) may come next; does not change the state.</summary>
    public bool IsAllowed(int tokenId)
    {
        var probe = _state;
        return !_ended && Advance(ref probe, tokenId);
    }

    private bool TryAdvance(int tokenId)
    {
        var next = _state;
        if (!Advance(ref next, tokenId))
        {
            return false;
        }

        _state = next;
        return true;
    }

    private bool Advance(ref JsonRecognizer state, int tokenId)
    {
        if (!_index.Vocabulary.IsText(tokenId))
        {
            return false;
        }

        foreach (var b in _index.Vocabulary.GetBytes(tokenId))
        {
            if (!state.TryConsume(b))
            {
                return false;
            }
        }

        return true;
    }
}
