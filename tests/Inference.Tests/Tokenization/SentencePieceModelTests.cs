using System.Text;
using FhirMedGemma.Inference.Tokenization;

namespace FhirMedGemma.Inference.Tests.Tokenization;

/// <summary>
/// A model directory that has only <c>tokenizer.model</c> (SentencePiece). The file is a tiny Gemma-shaped BPE model written
/// here as protobuf: the control tokens, 256 byte pieces, and "▁", "h", "i", "hi", "▁hi".
/// </summary>
public sealed class SentencePieceModelTests : IDisposable
{
    private const int FirstByteId = 8;
    private const int Hi = 267;
    private const int SpaceHi = 268;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gemma-sp-");
    private readonly GemmaTokenizer _tokenizer;

    public SentencePieceModelTests()
    {
        File.WriteAllBytes(Path.Combine(_directory.FullName, "tokenizer.model"), BuildModel());
        _tokenizer = GemmaTokenizer.Load(_directory.FullName);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Load_SentencePieceOnlyDirectory_ResolvesSpecialTokensAndAddsImageSoftToken()
    {
        _tokenizer.SpecialTokens.Should().Be(new GemmaSpecialTokens(0, 1, 2, 3, 4, 5, 6, 7, 269));
    }

    [Fact]
    public void Encode_WordsAndControlTokens_UsesMergesAndSingleIds()
    {
        _tokenizer.Encode("hi hi").Should().Equal(Hi, SpaceHi);
        _tokenizer.Encode("<start_of_turn>hi<end_of_turn>", addBos: true).Should().Equal(2, 4, Hi, 5);
    }

    [Fact]
    public void Encode_CharacterOutsideVocabulary_FallsBackToBytesAndDecodesBack()
    {
        var ids = _tokenizer.Encode("é");

        ids.Should().Equal(FirstByteId + 0xC3, FirstByteId + 0xA9);
        _tokenizer.Decode(ids).Should().Be("é");
        _tokenizer.Decode([Hi, SpaceHi, 6, 269]).Should().Be("hi hi<start_of_image><image_soft_token>");
    }

    private static byte[] BuildModel()
    {
        var pieces = new List<(string Piece, float Score, int Type)>
        {
            ("<pad>", 0, 3), ("<eos>", 0, 3), ("<bos>", 0, 3), ("<unk>", 0, 2),
            ("<start_of_turn>", 0, 4), ("<end_of_turn>", 0, 4), ("<start_of_image>", 0, 4), ("<end_of_image>", 0, 4),
        };
        for (var b = 0; b < 256; b++)
        {
            pieces.Add(($"<0x{b:X2}>", 0, 6));
        }

        pieces.AddRange([("\u2581", -1, 1), ("h", -2, 1), ("i", -3, 1), ("hi", -4, 1), ("\u2581hi", -5, 1)]);

        var model = new MemoryStream();
        foreach (var (piece, score, type) in pieces)
        {
            var entry = new MemoryStream();
            WriteString(entry, 1, piece);
            WriteFloat(entry, 2, score);
            WriteVarintField(entry, 3, (ulong)type);
            WriteBytes(model, 1, entry.ToArray());
        }

        var trainer = new MemoryStream();
        WriteVarintField(trainer, 3, 2); // model_type BPE
        WriteVarintField(trainer, 4, (ulong)pieces.Count); // vocab_size
        WriteVarintField(trainer, 35, 1); // byte_fallback
        WriteVarintField(trainer, 40, 3); // unk_id
        WriteVarintField(trainer, 41, 2); // bos_id
        WriteVarintField(trainer, 42, 1); // eos_id
        WriteVarintField(trainer, 43, 0); // pad_id
        WriteBytes(model, 2, trainer.ToArray());

        var normalizer = new MemoryStream();
        WriteString(normalizer, 1, "identity");
        WriteVarintField(normalizer, 3, 0); // add_dummy_prefix
        WriteVarintField(normalizer, 4, 0); // remove_extra_whitespaces
        WriteVarintField(normalizer, 5, 1); // escape_whitespaces
        WriteBytes(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    private static void WriteVarintField(Stream stream, int field, ulong value)
    {
        WriteVarint(stream, (ulong)(field << 3));
        WriteVarint(stream, value);
    }

    private static void WriteFloat(Stream stream, int field, float value)
    {
        WriteVarint(stream, (ulong)((field << 3) | 5));
        stream.Write(BitConverter.GetBytes(value));
    }

    private static void WriteBytes(Stream stream, int field, byte[] value)
    {
        WriteVarint(stream, (ulong)((field << 3) | 2));
        WriteVarint(stream, (ulong)value.Length);
        stream.Write(value);
    }

    private static void WriteString(Stream stream, int field, string value) => WriteBytes(stream, field, Encoding.UTF8.GetBytes(value));
}
