using System.Text.Json;
using System.Text;
using FhirMedGemma.Inference.Constraints;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Constraints;

public sealed class TokenVocabularyTests
{
    [Fact]
    public void Load_GemmaTokenizer_CoversEveryIdIncludingTheImageSoftToken()
    {
        GemmaVocabulary.Vocabulary.Count.Should().Be(262145);
    }

    [Fact]
    public void EndOfSequenceIds_GemmaTokenizer_AreEosAndEndOfTurn()
    {
        GemmaVocabulary.Vocabulary.EndOfSequenceIds.Should().Equal(
            GemmaVocabulary.IdOfPiece("<eos>"), GemmaVocabulary.IdOfPiece("<end_of_turn>"));
    }

    [Theory]
    [InlineData("<bos>")]
    [InlineData("<eos>")]
    [InlineData("<pad>")]
    [InlineData("<start_of_turn>")]
    [InlineData("<end_of_turn>")]
    [InlineData("<start_of_image>")]
    [InlineData("<image_soft_token>")]
    [InlineData("<unused0>")]
    [InlineData("<mask>")]
    public void IsText_ControlTokens_IsFalse(string piece)
    {
        GemmaVocabulary.Vocabulary.IsText(GemmaVocabulary.IdOfPiece(piece)).Should().BeFalse();
        GemmaVocabulary.Vocabulary.GetBytes(GemmaVocabulary.IdOfPiece(piece)).Length.Should().Be(0);
    }

    [Theory]
    [InlineData("<0xC3>", new byte[] { 0xC3 })]
    [InlineData("<0x0A>", new byte[] { 0x0A })]
    [InlineData("▁", new byte[] { 0x20 })]
    [InlineData("▁the", new byte[] { 0x20, (byte)'t', (byte)'h', (byte)'e' })]
    [InlineData("\n", new byte[] { 0x0A })]
    [InlineData("▁▁", new byte[] { 0x20, 0x20 })]
    [InlineData("<table>", new byte[] { (byte)'<', (byte)'t', (byte)'a', (byte)'b', (byte)'l', (byte)'e', (byte)'>' })]
    public void GetBytes_TextPieces_AreTheDecodedBytes(string piece, byte[] expected)
    {
        GemmaVocabulary.Vocabulary.GetBytes(GemmaVocabulary.IdOfPiece(piece)).ToArray().Should().Equal(expected);
    }

    [Fact]
    public void GetBytes_ReferenceTokenizations_ConcatenateToTheReferenceText()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFixtures.ModelReferenceDirectory, "tokenizer_reference.json")));
        // Cases that spell control tokens (chat markup) decode differently by design: those have no bytes here.
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("ids").EnumerateArray().All(id => GemmaVocabulary.Vocabulary.IsText(id.GetInt32())))
            .ToList();
        cases.Should().NotBeEmpty();

        foreach (var testCase in cases)
        {
            var bytes = testCase.GetProperty("ids").EnumerateArray()
                .SelectMany(id => GemmaVocabulary.Vocabulary.GetBytes(id.GetInt32()).ToArray()).ToArray();
            Encoding.UTF8.GetString(bytes).Should().Be(testCase.GetProperty("decoded").GetString());
        }
    }

    [Fact]
    public void Load_NotATokenizerFile_ThrowsModelLoadException()
    {
        using var stream = new MemoryStream("{\"model\":{}}"u8.ToArray());

        var act = () => TokenVocabulary.Load(stream);

        act.Should().Throw<ModelLoadException>();
    }

    [Fact]
    public void Load_MissingFile_ThrowsModelLoadExceptionNamingTheFile()
    {
        var act = () => TokenVocabulary.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-fmg", "tokenizer.json"));

        act.Should().Throw<ModelLoadException>().WithMessage("*tokenizer.json*");
    }
}
