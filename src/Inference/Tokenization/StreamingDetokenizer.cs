using System.Buffers;
using System.Text;

namespace FhirMedGemma.Inference.Tokenization;

/// <summary>
/// Turns a stream of generated ids into text pieces that are always whole characters: byte-fallback pieces are held until
/// they complete a UTF-8 character, so a client never sees half of an emoji or a broken surrogate pair.
/// </summary>
/// <remarks>
/// One instance per sequence (not thread-safe). For valid UTF-8 the concatenated output equals
/// <see cref="GemmaTokenizer.Decode"/>; an invalid byte becomes one U+FFFD.
/// </remarks>
public sealed class StreamingDetokenizer(GemmaTokenizer tokenizer, bool skipSpecialTokens = true)
{
    private readonly byte[] _pending = new byte[4];
    private int _pendingCount;
    private readonly StringBuilder _output = new();

    /// <summary>Adds one id; returns the text it completes (often empty while a multi-byte character is pending).</summary>
    public string Push(int tokenId)
    {
        if (skipSpecialTokens && tokenizer.IsSpecial(tokenId))
        {
            return string.Empty;
        }

        _output.Clear();
        if (tokenizer.TryGetFallbackByte(tokenId, out var value))
        {
            _pending[_pendingCount++] = value;
            DrainPending(final: false);
        }
        else
        {
            DrainPending(final: true);
            tokenizer.AppendPiece(_output, tokenId);
        }

        return _output.ToString();
    }

    /// <summary>Ends the sequence: any incomplete byte sequence left over becomes U+FFFD per byte.</summary>
    public string Flush()
    {
        _output.Clear();
        DrainPending(final: true);
        return _output.ToString();
    }

    private void DrainPending(bool final)
    {
        var start = 0;
        while (start < _pendingCount)
        {
            var status = Rune.DecodeFromUtf8(_pending.AsSpan(start, _pendingCount - start), out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                _output.Append(rune.ToString());
            }
            else if (status == OperationStatus.NeedMoreData && !final)
            {
                break;
            }
            else
            {
                _output.Append('\uFFFD', consumed);
            }

            start += consumed;
        }

        _pending.AsSpan(start, _pendingCount - start).CopyTo(_pending);
        _pendingCount -= start;
    }
}
