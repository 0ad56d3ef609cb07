using System.Runtime.CompilerServices;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// The vocabulary arranged for JSON masking, built once and shared: one trie of "plain string" tokens (printable text and
/// complete UTF-8 characters, no quote, backslash or control byte: valid anywhere inside a JSON string) and one trie of
/// all other text tokens. Inside a string the plain tokens are allowed wholesale by length, so only the small second trie
/// (quotes, escapes, byte-fallback pieces, newlines) is walked; elsewhere both tries are walked and pruned at the first
/// rejected byte.
/// </summary>
internal sealed class JsonVocabularyIndex
{
    private static readonly ConditionalWeakTable<TokenVocabulary, JsonVocabularyIndex> Shared = new();

    private JsonVocabularyIndex(TokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        var plain = new List<(int, byte[])>();
        var other = new List<(int, byte[])>();
        for (var id = 0; id < vocabulary.Count; id++)
        {
            if (!vocabulary.IsText(id))
            {
                continue;
            }

            var bytes = vocabulary.GetBytes(id).ToArray();
            (IsPlainStringText(bytes) ? plain : other).Add((id, bytes));
        }

        PlainTrie = TokenByteTrie.Build(plain);
        OtherTrie = TokenByteTrie.Build(other);
        MaxPlainLength = plain.Count == 0 ? 0 : plain.Max(p => p.Item2.Length);

        // PlainUpToLength[n]: the plain tokens of at most n bytes, as a bit set over token ids.
        BitsPerSet = (vocabulary.Count + 63) / 64;
        PlainUpToLength = new ulong[MaxPlainLength + 1][];
        for (var n = 0; n <= MaxPlainLength; n++)
        {
            PlainUpToLength[n] = n == 0 ? new ulong[BitsPerSet] : (ulong[])PlainUpToLength[n - 1].Clone();
            foreach (var (id, bytes) in plain)
            {
                if (bytes.Length == n)
                {
                    PlainUpToLength[n][id >> 6] |= 1UL << id;
                }
            }
        }

        EndOfSequenceIds = [.. vocabulary.EndOfSequenceIds];
    }

    public TokenVocabulary Vocabulary { get; }

    public TokenByteTrie PlainTrie { get; }

    public TokenByteTrie OtherTrie { get; }

    public int MaxPlainLength { get; }

    public int BitsPerSet { get; }

    public ulong[][] PlainUpToLength { get; }

    public int[] EndOfSequenceIds { get; }

    /// <summary>The index of <paramref name="vocabulary"/>, built on first use and shared by every factory over it.</summary>
    public static JsonVocabularyIndex For(TokenVocabulary vocabulary) =>
        Shared.GetValue(vocabulary, static v => new JsonVocabularyIndex(v));

    /// <summary>Printable ASCII other than quote and backslash, or a complete, well-formed multi-byte UTF-8 character.</summary>
    internal static bool IsPlainStringText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAny((byte)'"', (byte)'\\') >= 0 || bytes.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        return System.Text.Unicode.Utf8.IsValid(bytes);
    }
}
