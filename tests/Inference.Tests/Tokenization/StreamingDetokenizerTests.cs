using System.Text;
using FhirMedGemma.Inference.Tokenization;

namespace FhirMedGemma.Inference.Tests.Tokenization;

public sealed class StreamingDetokenizerTests
{
    private static GemmaTokenizer Tokenizer => SharedTokenizer.Instance;

    public static TheoryData<TokenizerCase> HardCases() => TokenizerReferenceCases.Hard();

    [Theory]
    [MemberData(nameof(HardCases))]
    public void Push_EveryChunk_IsWholeCharactersAndAllChunksEqualDecode(TokenizerCase c)
    {
        var detokenizer = new StreamingDetokenizer(Tokenizer, skipSpecialTokens: false);
        var text = new StringBuilder();
        foreach (var id in c.Ids)
        {
            var chunk = detokenizer.Push(id);
            AssertWholeCharacters(chunk);
            text.Append(chunk);
        }

        text.Append(detokenizer.Flush());
        text.ToString().Should().Be(Tokenizer.Decode(c.Ids));
    }

    [Fact]
    public void Push_FourByteCharacterSpelledInBytes_EmitsNothingUntilTheLastByte()
    {
        var ids = Tokenizer.Encode("\U00020000");
        var detokenizer = new StreamingDetokenizer(Tokenizer);
        detokenizer.Push(ids[0]).Should().BeEmpty();
        detokenizer.Push(ids[1]).Should().BeEmpty();
        detokenizer.Push(ids[2]).Should().BeEmpty();
        detokenizer.Push(ids[3]).Should().Be("\U00020000");
    }

    [Fact]
    public void Flush_IncompleteByteSequence_GivesReplacementCharacters()
    {
        var detokenizer = new StreamingDetokenizer(Tokenizer);
        detokenizer.Push(Tokenizer.TryGetTokenId("<0xF0>")!.Value).Should().BeEmpty();
        detokenizer.Push(Tokenizer.TryGetTokenId("<0xA0>")!.Value).Should().BeEmpty();
        detokenizer.Flush().Should().Be("\uFFFD\uFFFD");
    }

    [Fact]
    public void Push_TextTokenAfterIncompleteBytes_FlushesThemAsReplacementFirst()
    {
        var detokenizer = new StreamingDetokenizer(Tokenizer);
        detokenizer.Push(Tokenizer.TryGetTokenId("<0xE2>")!.Value).Should().BeEmpty();
        detokenizer.Push(Tokenizer.Encode("ok")[0]).Should().StartWith("\uFFFD");
    }

    [Fact]
    public void Push_SpecialTokenWhenSkipping_EmitsNothing()
    {
        var detokenizer = new StreamingDetokenizer(Tokenizer, skipSpecialTokens: true);
        detokenizer.Push(Tokenizer.SpecialTokens.EndOfTurn).Should().BeEmpty();
    }

    private static void AssertWholeCharacters(string chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            if (char.IsHighSurrogate(chunk[i]))
            {
                (i + 1 < chunk.Length && char.IsLowSurrogate(chunk[i + 1])).Should().BeTrue("a chunk must not end inside a surrogate pair");
                i++;
            }
            else
            {
                char.IsLowSurrogate(chunk[i]).Should().BeFalse("a chunk must not start with half a surrogate pair");
            }
        }
    }
}
