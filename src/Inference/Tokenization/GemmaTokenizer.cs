using System.Text;
using Microsoft.ML.Tokenizers;

namespace FhirMedGemma.Inference.Tokenization;

/// <summary>
/// The Gemma 3 tokenizer of a model directory, token-exact with Hugging Face: added tokens are split out of the raw text
/// first (leftmost-longest), the rest has spaces replaced by "▁" and is merged by Microsoft.ML.Tokenizers' BPE, and
/// characters missing from the vocabulary are spelled as <c>&lt;0xAB&gt;</c> byte pieces.
/// </summary>
/// <remarks>Immutable after <see cref="Load"/>; safe for concurrent use.</remarks>
public sealed class GemmaTokenizer
{
    private const char SpaceMarker = '\u2581';

    private readonly BpeTokenizer? _bpe;
    private readonly SentencePieceTokenizer? _sentencePiece;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabularyLookup;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<string, int> _pieceIds = new(StringComparer.Ordinal);
    private readonly string?[] _pieces;
    private readonly short[] _byteOfId;
    private readonly int[] _idOfByte = new int[256];
    private readonly AddedTokenMatcher _addedTokens;
    private readonly HashSet<int> _specialIds;

    private GemmaTokenizer(
        BpeTokenizer? bpe, SentencePieceTokenizer? sentencePiece, Dictionary<string, int> vocabulary, string?[] pieces,
        AddedTokenMatcher addedTokens, HashSet<int> specialIds, string sourceFile)
    {
        _bpe = bpe;
        _sentencePiece = sentencePiece;
        _vocabulary = vocabulary;
        _vocabularyLookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _pieces = pieces;
        _addedTokens = addedTokens;
        _specialIds = specialIds;
        _byteOfId = new short[pieces.Length];
        Array.Fill(_byteOfId, (short)-1);
        Array.Fill(_idOfByte, -1);
        for (var id = 0; id < pieces.Length; id++)
        {
            if (pieces[id] is { } known)
            {
                _pieceIds[known] = id;
            }

            if (pieces[id] is { } piece && ByteFallback.TryParsePiece(piece, out var value))
            {
                _byteOfId[id] = value;
                _idOfByte[value] = id;
            }
        }

        if (Array.IndexOf(_idOfByte, -1) >= 0)
        {
            throw new ModelLoadException($"{sourceFile}: the vocabulary lacks some of the 256 <0xXX> byte-fallback pieces");
        }

        SpecialTokens = GemmaSpecialTokens.Resolve(TryGetTokenId);
    }

    /// <summary>The control tokens' ids.</summary>
    public GemmaSpecialTokens SpecialTokens { get; }

    /// <summary>One past the largest id (262,145 for Gemma 3 with the image soft token).</summary>
    public int VocabularySize => _pieces.Length;

    /// <summary>
    /// Loads <c>tokenizer.json</c> from <paramref name="modelDirectory"/>, or <c>tokenizer.model</c> (SentencePiece) when that is
    /// all the directory has.
    /// </summary>
    /// <exception cref="ModelLoadException">Neither file exists, or the file is not a Gemma tokenizer.</exception>
    public static GemmaTokenizer Load(string modelDirectory)
    {
        var json = Path.Combine(modelDirectory, "tokenizer.json");
        var sentencePieceModel = Path.Combine(modelDirectory, "tokenizer.model");
        try
        {
            if (File.Exists(json))
            {
                var parts = TokenizerJsonLoader.Load(json);
                return new GemmaTokenizer(parts.Bpe, null, parts.Vocabulary, parts.Pieces, parts.AddedTokens, parts.SpecialIds, "tokenizer.json");
            }

            if (File.Exists(sentencePieceModel))
            {
                return LoadSentencePiece(sentencePieceModel);
            }
        }
        catch (Exception ex) when (ex is not ModelLoadException and (IOException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException or System.Text.Json.JsonException))
        {
            throw new ModelLoadException($"tokenizer: cannot read the tokenizer of the model directory ({ex.GetType().Name})", ex);
        }

        throw new ModelLoadException("tokenizer.json: missing (and no tokenizer.model either)");
    }

    /// <summary>Encodes text; special-token strings in it (e.g. <c>&lt;start_of_turn&gt;</c>) become their single ids.</summary>
    /// <param name="text">Any text, such as a rendered chat template.</param>
    /// <param name="addBos">Prepend <c>&lt;bos&gt;</c> (false for rendered templates, which already start with it).</param>
    public IReadOnlyList<int> Encode(string text, bool addBos = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 2);
        if (addBos)
        {
            ids.Add(SpecialTokens.Bos);
        }

        EncodeInto(text, ids);
        return ids;
    }

    /// <summary>Number of tokens of <paramref name="text"/> without BOS.</summary>
    public int CountTokens(string text) => Encode(text, addBos: false).Count;

    /// <summary>Decodes ids as Hugging Face's <c>decode(ids, skip_special_tokens)</c> does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (skipSpecialTokens && _specialIds.Contains(id))
            {
                continue;
            }

            if (TryGetFallbackByte(id, out var value))
            {
                bytes.Add(value);
                continue;
            }

            ByteFallback.AppendRun(text, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
            bytes.Clear();
            AppendPiece(text, id);
        }

        ByteFallback.AppendRun(text, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
        return text.ToString();
    }

    /// <summary>The id of an exact vocabulary piece or added token, if there is one.</summary>
    public int? TryGetTokenId(string piece) => _pieceIds.TryGetValue(piece, out var id) ? id : null;

    /// <summary>True when <paramref name="id"/> is one of the tokenizer's special (control) tokens.</summary>
    public bool IsSpecial(int id) => _specialIds.Contains(id);

    internal bool TryGetFallbackByte(int id, out byte value)
    {
        CheckId(id);
        var b = _byteOfId[id];
        value = (byte)(b < 0 ? 0 : b);
        return b >= 0;
    }

    internal void AppendPiece(StringBuilder text, int id)
    {
        CheckId(id);
        var piece = _pieces[id] ?? string.Empty;
        foreach (var c in piece)
        {
            text.Append(c == SpaceMarker ? ' ' : c);
        }
    }

    private void CheckId(int id)
    {
        if ((uint)id >= (uint)_pieces.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id is outside the vocabulary of {_pieces.Length} ids.");
        }
    }

    private void EncodeInto(string text, List<int> ids)
    {
        var span = text.AsSpan();
        var segmentStart = 0;
        var position = 0;
        while (position < span.Length)
        {
            if (_addedTokens.TryMatchAt(span, position, out var tokenId, out var length))
            {
                EncodeSegment(text, segmentStart, position - segmentStart, ids);
                ids.Add(tokenId);
                position += length;
                segmentStart = position;
            }
            else
            {
                position++;
            }
        }

        EncodeSegment(text, segmentStart, span.Length - segmentStart, ids);
    }

    private void EncodeSegment(string text, int start, int length, List<int> ids)
    {
        if (length == 0)
        {
            return;
        }

        if (_sentencePiece is not null)
        {
            ids.AddRange(_sentencePiece.EncodeToIds(text.AsSpan(start, length), considerPreTokenization: true, considerNormalization: true));
            return;
        }

        // Normalise as the tokenizer.json says (space → "▁"); then cut the run wherever a character is missing from the
        // vocabulary: such a character becomes byte pieces, which never take part in merges, so BPE on the runs between is exact.
        var normalized = text.Substring(start, length).Replace(' ', SpaceMarker);
        var runStart = 0;
        var position = 0;
        Span<char> runeChars = stackalloc char[2];
        Span<byte> utf8 = stackalloc byte[4];
        while (position < normalized.Length)
        {
            var status = Rune.DecodeFromUtf16(normalized.AsSpan(position), out var rune, out var consumed);
            var charCount = rune.EncodeToUtf16(runeChars);
            if (status == System.Buffers.OperationStatus.Done && _vocabularyLookup.ContainsKey(runeChars[..charCount]))
            {
                position += consumed;
                continue;
            }

            EncodeKnownRun(normalized, runStart, position - runStart, ids);
            var byteCount = rune.EncodeToUtf8(utf8); // a lone surrogate decodes as U+FFFD, as Python would replace it
            for (var i = 0; i < byteCount; i++)
            {
                ids.Add(_idOfByte[utf8[i]]);
            }

            position += consumed;
            runStart = position;
        }

        EncodeKnownRun(normalized, runStart, normalized.Length - runStart, ids);
    }

    private void EncodeKnownRun(string normalized, int start, int length, List<int> ids)
    {
        if (length > 0)
        {
            ids.AddRange(_bpe!.EncodeToIds(normalized.AsSpan(start, length), considerPreTokenization: false, considerNormalization: false));
        }
    }

    private static GemmaTokenizer LoadSentencePiece(string path)
    {
        using var stream = File.OpenRead(path);
        var sentencePiece = SentencePieceTokenizer.Create(stream, false, false);
        var vocabulary = new Dictionary<string, int>(sentencePiece.Vocabulary, StringComparer.Ordinal);
        var imageSoftTokenId = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
        vocabulary.TryAdd(GemmaSpecialTokens.ImageSoftTokenText, imageSoftTokenId);
        var pieces = new string?[vocabulary.Values.Max() + 1];
        foreach (var (piece, id) in vocabulary)
        {
            pieces[id] = piece;
        }

        // SentencePiece files do not say which pieces Hugging Face treats as added tokens; the control tokens are the ones
        // prompts use, so those are split out of raw text.
        var added = new AddedTokenMatcher();
        var special = new HashSet<int>();
        foreach (var text in new[]
                 {
                     GemmaSpecialTokens.PadText, GemmaSpecialTokens.EosText, GemmaSpecialTokens.BosText, GemmaSpecialTokens.UnknownText,
                     GemmaSpecialTokens.StartOfTurnText, GemmaSpecialTokens.EndOfTurnText, GemmaSpecialTokens.StartOfImageText,
                     GemmaSpecialTokens.EndOfImageText, GemmaSpecialTokens.ImageSoftTokenText,
                 })
        {
            if (vocabulary.TryGetValue(text, out var id))
            {
                added.Add(text, id);
                special.Add(id);
            }
        }

        return new GemmaTokenizer(null, sentencePiece, vocabulary, pieces, added, special, "tokenizer.model");
    }
}
