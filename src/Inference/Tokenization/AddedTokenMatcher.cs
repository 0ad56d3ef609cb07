namespace FhirMedGemma.Inference.Tokenization;

/// <summary>
/// Finds added tokens (control tokens, whitespace runs, HTML tags…) in raw text the way Hugging Face does: leftmost match,
/// longest at that position, on the text before normalisation. A character trie keeps the scan linear in practice.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public int TokenId = -1;
    }

    private readonly Node _root = new();

    public int Count { get; private set; }

    public void Add(string content, int id)
    {
        var node = _root;
        foreach (var c in content)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var next))
            {
                next = new Node();
                node.Children[c] = next;
            }

            node = next;
        }

        node.TokenId = id;
        Count++;
    }

    /// <summary>The longest added token that starts at <paramref name="start"/>, if any.</summary>
    public bool TryMatchAt(ReadOnlySpan<char> text, int start, out int tokenId, out int length)
    {
        tokenId = -1;
        length = 0;
        var node = _root;
        for (var i = start; i < text.Length; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(text[i], out node))
            {
                break;
            }

            if (node.TokenId >= 0)
            {
                tokenId = node.TokenId;
                length = i - start + 1;
            }
        }

        return tokenId >= 0;
    }
}
