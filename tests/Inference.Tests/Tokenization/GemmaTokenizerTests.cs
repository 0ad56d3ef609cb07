using FhirMedGemma.Inference.Tokenization;

namespace FhirMedGemma.Inference.Tests.Tokenization;

public sealed class GemmaTokenizerTests
{
    private static GemmaTokenizer Tokenizer => SharedTokenizer.Instance;

    public static TheoryData<TokenizerCase> ReferenceCases() => TokenizerReferenceCases.Reference();

    public static TheoryData<TokenizerCase> HardCases() => TokenizerReferenceCases.Hard();

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Encode_ReferenceCase_EqualsHuggingFaceIds(TokenizerCase c)
    {
        Tokenizer.Encode(c.Text, addBos: false).Should().Equal(c.Ids);
        Tokenizer.Encode(c.Text, addBos: true).Should().Equal(c.IdsWithBos);
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Decode_ReferenceCase_EqualsHuggingFaceText(TokenizerCase c)
    {
        Tokenizer.Decode(c.Ids).Should().Be(c.Decoded);
    }

    [Theory]
    [MemberData(nameof(HardCases))]
    public void Encode_HardCase_EqualsHuggingFaceIds(TokenizerCase c)
    {
        Tokenizer.Encode(c.Text).Should().Equal(c.Ids);
    }

    [Theory]
    [MemberData(nameof(HardCases))]
    public void Decode_HardCase_EqualsHuggingFaceText(TokenizerCase c)
    {
        Tokenizer.Decode(c.Ids).Should().Be(c.Decoded);
    }

    [Theory]
    [InlineData("<pad>", 0)]
    [InlineData("<eos>", 1)]
    [InlineData("<bos>", 2)]
    [InlineData("<start_of_turn>", 105)]
    [InlineData("<end_of_turn>", 106)]
    [InlineData("<start_of_image>", 255999)]
    [InlineData("<end_of_image>", 256000)]
    [InlineData("<image_soft_token>", 262144)]
    public void Encode_SpecialTokenText_IsOneId(string text, int id)
    {
        Tokenizer.Encode(text).Should().Equal(id);
        Tokenizer.Decode([id]).Should().Be(text);
    }

    [Fact]
    public void SpecialTokens_ReadFromFile_MatchGemma3Ids()
    {
        Tokenizer.SpecialTokens.Should().Be(new GemmaSpecialTokens(0, 1, 2, 3, 105, 106, 255999, 256000, 262144));
        Tokenizer.VocabularySize.Should().Be(262145);
    }

    [Fact]
    public void Encode_CharacterMissingFromVocabulary_SpellsItsUtf8BytesAndDecodesBack()
    {
        const string text = "\U00020000"; // CJK extension B, not a vocabulary piece
        var ids = Tokenizer.Encode(text);
        ids.Should().HaveCount(4, "the character is 4 UTF-8 bytes and each becomes one <0xXX> piece");
        Tokenizer.Decode(ids).Should().Be(text);
    }

    [Fact]
    public void Decode_InvalidByteRun_GivesReplacementCharacterPerByte()
    {
        var byteE2 = Tokenizer.TryGetTokenId("<0xE2>")!.Value;
        var byteX = Tokenizer.TryGetTokenId("<0x41>")!.Value;
        Tokenizer.Decode([byteE2, byteX]).Should().Be("\uFFFD\uFFFD", "Hugging Face's ByteFallback replaces every byte of an invalid run");
    }

    [Fact]
    public void Decode_SkipSpecialTokens_DropsControlTokensOnly()
    {
        var ids = Tokenizer.Encode("<start_of_turn>model\nHi<end_of_turn>", addBos: true);
        Tokenizer.Decode(ids, skipSpecialTokens: true).Should().Be("model\nHi");
    }

    [Fact]
    public void Decode_IdOutsideVocabulary_Throws()
    {
        var act = () => Tokenizer.Decode([Tokenizer.VocabularySize]);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void GemmaTokenCounter_CountsWithoutBos()
    {
        new GemmaTokenCounter(Tokenizer).CountTokens("Serum creatinine: 1.23 mg/dL").Should().Be(11);
    }

    [Fact]
    public void Load_DirectoryWithoutTokenizer_ThrowsNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("gemma-tok-");
        try
        {
            var act = () => GemmaTokenizer.Load(dir.FullName);
            act.Should().Throw<ModelLoadException>().WithMessage("*tokenizer.json*missing*");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_NotATokenizerFile_ThrowsModelLoadException()
    {
        var dir = Directory.CreateTempSubdirectory("gemma-tok-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "tokenizer.json"), "{\"model\":{\"type\":\"WordPiece\"}}");
            var act = () => GemmaTokenizer.Load(dir.FullName);
            act.Should().Throw<ModelLoadException>().WithMessage("tokenizer.json: model.type must be BPE*");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Encode_LongClinicalText_RoundTripsAndCountsConsistently()
    {
        var line = "2019-03-13: Glucose 99 mg/dL; Creatinine 0.4 mg/dL; eGFR 73 mL/min/1.73m2 — Na⁺ 138 mmol/L 🩺\n";
        var text = string.Concat(Enumerable.Repeat(line, 2000)); // ~190 k chars; "\n" is an added token, so BPE runs per line
        _ = Tokenizer.Encode(line); // load and warm up outside the timing
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var ids = Tokenizer.Encode(text);

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"encoded {text.Length} chars to {ids.Count} ids in {elapsed.TotalMilliseconds:F0} ms");
        Tokenizer.Decode(ids).Should().Be(text);
        ids.Count.Should().Be(Tokenizer.Encode(line).Count * 2000, "a line ending in a newline tokenizes the same wherever it stands");
    }

    [Fact]
    public async Task Encode_FromManyThreadsAtOnce_GivesTheSameIdsAsSequential()
    {
        var texts = TokenizerReferenceCases.Hard().Cast<object[]>().Select(row => ((TokenizerCase)row[0]).Text).ToArray();
        var expected = texts.Select(t => Tokenizer.Encode(t)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Tokenizer.Encode(texts[i % texts.Length]))));

        for (var i = 0; i < results.Length; i++)
        {
            results[i].Should().Equal(expected[i % texts.Length]);
        }
    }
}
