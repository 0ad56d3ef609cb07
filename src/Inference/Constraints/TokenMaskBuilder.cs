using FhirMedGemma.Inference.Constraints.Grammar;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>Computes the set of tokens a <see cref="JsonRecognizer"/> state accepts, as a bit set over token ids.</summary>
internal static class TokenMaskBuilder
{
    /// <summary>Fills <paramref name="allowed"/> (cleared first) with every token that can come next.</summary>
    public static void Build(JsonVocabularyIndex index, in JsonRecognizer state, bool canEnd, ulong[] allowed)
    {
        if (state.IsInPlainStringContent(out var room))
        {
            // Any run of plain characters that fits the remaining room is valid: copy those wholesale, walk only the rest.
            var plain = index.PlainUpToLength[Math.Clamp(room, 0, index.MaxPlainLength)];
            plain.AsSpan().CopyTo(allowed);
        }
        else
        {
            Array.Clear(allowed);
            Walk(index.PlainTrie, 0, state, allowed);
        }

        Walk(index.OtherTrie, 0, state, allowed);
        if (canEnd)
        {
            foreach (var id in index.EndOfSequenceIds)
            {
                allowed[id >> 6] |= 1UL << id;
            }
        }
    }

    /// <summary>Depth-first walk: a subtree is skipped as soon as the byte leading into it is rejected.</summary>
    private static void Walk(TokenByteTrie trie, int node, in JsonRecognizer state, ulong[] allowed)
    {
        var childStart = trie.ChildStart;
        for (int e = childStart[node], end = childStart[node + 1]; e < end; e++)
        {
            var next = state;
            if (!next.TryConsume(trie.EdgeByte[e]))
            {
                continue;
            }

            var child = trie.EdgeTarget[e];
            for (int t = trie.TokenStart[child], last = trie.TokenStart[child + 1]; t < last; t++)
            {
                var id = trie.TokenIds[t];
                allowed[id >> 6] |= 1UL << id;
            }

            if (childStart[child + 1] > childStart[child])
            {
                Walk(trie, child, next, allowed);
            }
        }
    }

    /// <summary>Sets every logit whose token is not in <paramref name="allowed"/> to negative infinity.</summary>
    public static void Apply(ulong[] allowed, Span<float> logits)
    {
        for (var start = 0; start < logits.Length; start += 64)
        {
            var block = start >> 6;
            var bits = block < allowed.Length ? allowed[block] : 0UL;
            var count = Math.Min(64, logits.Length - start);
            if (bits == ulong.MaxValue && count == 64)
            {
                continue;
            }

            var slice = logits.Slice(start, count);
            if (bits == 0)
            {
                slice.Fill(float.NegativeInfinity);
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                if ((bits & (1UL << i)) == 0)
                {
                    slice[i] = float.NegativeInfinity;
                }
            }
        }
    }
}
