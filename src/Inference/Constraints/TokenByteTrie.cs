namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// A byte trie over token byte sequences in compressed-row form: node i's child edges are
/// <c>[ChildStart[i], ChildStart[i + 1])</c>, sorted by byte; the tokens spelled by the path to node i are
/// <c>TokenIds[TokenStart[i] .. TokenStart[i + 1])</c>. Node 0 is the root (the empty prefix).
/// </summary>
/// <remarks>Built once per vocabulary and read-only afterwards, so it is shared by every concurrent sequence.</remarks>
internal sealed class TokenByteTrie
{
    private TokenByteTrie(int[] childStart, byte[] edgeByte, int[] edgeTarget, int[] tokenStart, int[] tokenIds)
    {
        ChildStart = childStart;
        EdgeByte = edgeByte;
        EdgeTarget = edgeTarget;
        TokenStart = tokenStart;
        TokenIds = tokenIds;
    }

    public int[] ChildStart { get; }

    public byte[] EdgeByte { get; }

    public int[] EdgeTarget { get; }

    public int[] TokenStart { get; }

    public int[] TokenIds { get; }

    public int NodeCount => ChildStart.Length - 1;

    /// <summary>Builds the trie from (id, bytes) pairs; empty byte sequences are left out.</summary>
    public static TokenByteTrie Build(IReadOnlyList<(int Id, byte[] Bytes)> tokens)
    {
        var sorted = tokens.Where(t => t.Bytes.Length > 0).ToArray();
        Array.Sort(sorted, (a, b) => a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));

        // Sorted order is the trie's preorder: each token adds nodes for the bytes past its common prefix with the last one.
        var parent = new List<int> { -1 };
        var edge = new List<byte> { 0 };
        var terminal = new int[sorted.Length];
        var path = new List<int> { 0 };
        byte[] previous = [];
        for (var t = 0; t < sorted.Length; t++)
        {
            var bytes = sorted[t].Bytes;
            var common = bytes.AsSpan().CommonPrefixLength(previous);
            path.RemoveRange(common + 1, path.Count - common - 1);
            for (var d = common; d < bytes.Length; d++)
            {
                parent.Add(path[d]);
                edge.Add(bytes[d]);
                path.Add(parent.Count - 1);
            }

            terminal[t] = path[bytes.Length];
            previous = bytes;
        }

        var nodes = parent.Count;
        var childStart = new int[nodes + 1];
        for (var n = 1; n < nodes; n++)
        {
            childStart[parent[n] + 1]++;
        }

        for (var n = 0; n < nodes; n++)
        {
            childStart[n + 1] += childStart[n];
        }

        var next = childStart[..nodes];
        var edgeByte = new byte[Math.Max(0, nodes - 1)];
        var edgeTarget = new int[edgeByte.Length];
        for (var n = 1; n < nodes; n++)
        {
            var slot = next[parent[n]]++;
            edgeByte[slot] = edge[n];
            edgeTarget[slot] = n;
        }

        var tokenStart = new int[nodes + 1];
        foreach (var node in terminal)
        {
            tokenStart[node + 1]++;
        }

        for (var n = 0; n < nodes; n++)
        {
            tokenStart[n + 1] += tokenStart[n];
        }

        return new TokenByteTrie(childStart, edgeByte, edgeTarget, tokenStart, Array.ConvertAll(sorted, s => s.Id));
    }
}
