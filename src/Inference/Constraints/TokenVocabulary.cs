using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// The exact UTF-8 bytes each token id of a SentencePiece-BPE <c>tokenizer.json</c> (Gemma 3) adds to the decoded text,
/// read straight from the file so constrained decoding does not depend on the tokenizer implementation.
/// </summary>
/// <remarks>
/// <c>▁</c> decodes to a space, byte-fallback tokens <c>&lt;0xNN&gt;</c> to one raw byte (possibly half a character).
/// Control tokens (special added tokens such as <c>&lt;bos&gt;</c>, <c>&lt;end_of_turn&gt;</c>,
/// <c>&lt;image_soft_token&gt;</c>, plus the reserved <c>&lt;unusedN&gt;</c>, <c>&lt;mask&gt;</c>, <c>[multimodal]</c>) have no
/// bytes: they can never appear inside generated JSON.
/// </remarks>
public sealed class TokenVocabulary
{
    private static readonly string[] EndOfSequenceContents = ["<eos>", "<end_of_turn>"];
    private static readonly HashSet<string> ReservedContents = new(StringComparer.Ordinal) { "<mask>", "[multimodal]", "<unk>", "<pad>" };

    private readonly byte[]?[] _bytes;

    private TokenVocabulary(byte[]?[] bytes, int[] endOfSequenceIds)
    {
        _bytes = bytes;
        EndOfSequenceIds = endOfSequenceIds;
    }

    /// <summary>One more than the highest token id.</summary>
    public int Count => _bytes.Length;

    /// <summary>Ids of the tokens that end a generation (<c>&lt;eos&gt;</c>, <c>&lt;end_of_turn&gt;</c>) present in this vocabulary.</summary>
    public IReadOnlyList<int> EndOfSequenceIds { get; }

    /// <summary>The bytes token <paramref name="tokenId"/> contributes; empty for control tokens and unknown ids.</summary>
    public ReadOnlySpan<byte> GetBytes(int tokenId) =>
        IsText(tokenId) ? _bytes[tokenId] : ReadOnlySpan<byte>.Empty;

    /// <summary>True when the token decodes to text (not a control token, not an unused id).</summary>
    public bool IsText(int tokenId) => (uint)tokenId < (uint)_bytes.Length && _bytes[tokenId] is not null;

    /// <summary>Loads the vocabulary of a Hugging Face <c>tokenizer.json</c> file.</summary>
    /// <exception cref="ModelLoadException">The file is missing or is not a SentencePiece-BPE tokenizer.json.</exception>
    public static TokenVocabulary Load(string tokenizerJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerJsonPath);
        try
        {
            using var stream = File.OpenRead(tokenizerJsonPath);
            return Load(stream);
        }
        catch (IOException ex)
        {
            throw new ModelLoadException($"Cannot read tokenizer file '{Path.GetFileName(tokenizerJsonPath)}'.", ex);
        }
    }

    /// <summary>Loads the vocabulary of a Hugging Face <c>tokenizer.json</c> document.</summary>
    public static TokenVocabulary Load(Stream tokenizerJson)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        try
        {
            using var document = JsonDocument.Parse(tokenizerJson, new JsonDocumentOptions { MaxDepth = 16 });
            return FromDocument(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ModelLoadException("tokenizer.json is not a valid SentencePiece-BPE tokenizer description.", ex);
        }
    }

    private static TokenVocabulary FromDocument(JsonElement root)
    {
        var vocab = root.GetProperty("model").GetProperty("vocab");
        var texts = new Dictionary<int, byte[]>();
        var controls = new HashSet<int>();
        var maxId = -1;
        foreach (var entry in vocab.EnumerateObject())
        {
            var id = entry.Value.GetInt32();
            maxId = Math.Max(maxId, id);
            texts[id] = DecodePiece(entry.Name);
        }

        var endOfSequence = new List<int>();
        if (root.TryGetProperty("added_tokens", out var added))
        {
            foreach (var token in added.EnumerateArray())
            {
                var id = token.GetProperty("id").GetInt32();
                var content = token.GetProperty("content").GetString() ?? string.Empty;
                maxId = Math.Max(maxId, id);
                if (EndOfSequenceContents.Contains(content, StringComparer.Ordinal))
                {
                    endOfSequence.Add(id);
                }

                if (IsControl(content, token.TryGetProperty("special", out var special) && special.GetBoolean()))
                {
                    controls.Add(id);
                }
                else
                {
                    texts[id] = Encoding.UTF8.GetBytes(content.Replace('▁', ' '));
                }
            }
        }

        var bytes = new byte[]?[maxId + 1];
        foreach (var (id, text) in texts)
        {
            bytes[id] = controls.Contains(id) || text.Length == 0 ? null : text;
        }

        endOfSequence.Sort();
        return new TokenVocabulary(bytes, [.. endOfSequence]);
    }

    private static bool IsControl(string content, bool special) =>
        special || ReservedContents.Contains(content) ||
        (content.StartsWith("<unused", StringComparison.Ordinal) && content.EndsWith('>'));

    /// <summary>A vocabulary piece as bytes: <c>&lt;0xNN&gt;</c> is one raw byte, <c>▁</c> is a space.</summary>
    private static byte[] DecodePiece(string piece)
    {
        if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' &&
            byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var raw))
        {
            return [raw];
        }

        return Encoding.UTF8.GetBytes(piece.Replace('▁', ' '));
    }
}
