using System.Text.Json;
using System.Text;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference.Constraints;

namespace FhirMedGemma.Inference.Tests.Constraints;

public sealed class JsonSchemaTokenConstraintTests
{
    private static int Id(string piece) => GemmaVocabulary.IdOfPiece(piece);

    private static JsonSchemaTokenConstraint StringConstraint()
    {
        using var schema = JsonDocument.Parse("{\"type\":\"string\"}");
        return GemmaVocabulary.Factory().Create(schema.RootElement);
    }

    private static float[] Masked(JsonSchemaTokenConstraint constraint)
    {
        var logits = new float[RandomModelDecoder.LogitsWidth];
        constraint.MaskLogits(logits);
        return logits;
    }

    [Fact]
    public void MaskLogits_ByteFallbackPiecesOfOneCharacter_AreAcceptedAcrossTokens()
    {
        var constraint = StringConstraint();
        constraint.Accept(Id("\""));
        Masked(constraint)[Id("<0xC3>")].Should().Be(0f);
        constraint.Accept(Id("<0xC3>"));

        var midCharacter = Masked(constraint);
        midCharacter[Id("<0xA9>")].Should().Be(0f);
        midCharacter[Id("\"")].Should().Be(float.NegativeInfinity, "a string cannot close inside a character");
        midCharacter[Id("A")].Should().Be(float.NegativeInfinity);
        midCharacter[Id("<0xC3>")].Should().Be(float.NegativeInfinity);
        constraint.Accept(Id("<0xA9>"));

        Masked(constraint)[Id("\"")].Should().Be(0f);
        constraint.Accept(Id("\""));
        constraint.IsComplete.Should().BeTrue();
    }

    [Theory]
    [InlineData("<0xC0>")]
    [InlineData("<0xFF>")]
    [InlineData("<0x80>")]
    [InlineData("<0xE0> <0x80>")]
    [InlineData("<0xED> <0xA0>")]
    [InlineData("<0xF4> <0x90>")]
    public void MaskLogits_ByteFallbackPiecesFormingInvalidUtf8_AreMasked(string spaceSeparatedPieces)
    {
        var pieces = spaceSeparatedPieces.Split(' ');
        var constraint = StringConstraint();
        constraint.Accept(Id("\""));
        foreach (var piece in pieces[..^1])
        {
            constraint.Accept(Id(piece));
        }

        Masked(constraint)[Id(pieces[^1])].Should().Be(float.NegativeInfinity);
        constraint.IsAllowed(Id(pieces[^1])).Should().BeFalse();
    }

    [Fact]
    public void MaskLogits_LogitsWiderThanTheVocabulary_MasksTheIdsBeyondIt()
    {
        var logits = Masked(GemmaVocabulary.Factory().Create(LabRowSchema.Element));

        logits.AsSpan(GemmaVocabulary.Vocabulary.Count).ToArray().Should().OnlyContain(x => float.IsNegativeInfinity(x));
        logits[Id("[")].Should().Be(0f);
        logits[Id("{")].Should().Be(float.NegativeInfinity);
        logits[Id("<bos>")].Should().Be(float.NegativeInfinity);
    }

    [Fact]
    public void Accept_EndOfSequenceBeforeTheJsonIsComplete_Throws()
    {
        var constraint = GemmaVocabulary.Factory().Create(LabRowSchema.Element);
        constraint.Accept(Id("["));

        var act = () => constraint.Accept(Id("<eos>"));

        act.Should().Throw<InvalidOperationException>();
        constraint.CanEnd.Should().BeFalse();
    }

    [Fact]
    public void Accept_MaskedToken_ThrowsAndKeepsTheState()
    {
        var constraint = GemmaVocabulary.Factory().Create(LabRowSchema.Element);

        var act = () => constraint.Accept(Id("{"));

        act.Should().Throw<InvalidOperationException>();
        constraint.IsAllowed(Id("[")).Should().BeTrue();
    }

    [Fact]
    public void Accept_CompleteDocumentThenEndOfTurn_Ends()
    {
        var constraint = GemmaVocabulary.Factory().Create(LabRowSchema.Element);
        foreach (var piece in new[] { "[", "]" })
        {
            constraint.Accept(Id(piece));
        }

        constraint.IsComplete.Should().BeTrue();
        constraint.Accept(Id("<end_of_turn>"));
        Masked(constraint).Should().OnlyContain(x => float.IsNegativeInfinity(x));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(null, 1)]
    [InlineData(LabRowSchema.Text, 2)]
    [InlineData(LabRowSchema.Text, 3)]
    public void MaskLogits_AlongARandomDecode_EqualsTestingEveryTokenOnItsOwn(string? schemaText, int seed)
    {
        using var schema = schemaText is null ? null : JsonDocument.Parse(schemaText);
        var factory = GemmaVocabulary.Factory(new JsonConstraintOptions { MaxStringBytes = 40 });
        var constraint = factory.Create(schema?.RootElement);
        var vocabulary = GemmaVocabulary.Vocabulary;
        var random = new Random(seed);
        var logits = new float[vocabulary.Count];
        for (var step = 0; step < 60 && !constraint.IsComplete; step++)
        {
            Array.Clear(logits);
            constraint.MaskLogits(logits);
            var expected = Enumerable.Range(0, vocabulary.Count)
                .Where(id => constraint.IsAllowed(id) || (constraint.CanEnd && vocabulary.EndOfSequenceIds.Contains(id)))
                .ToList();
            var actual = Enumerable.Range(0, vocabulary.Count).Where(id => float.IsFinite(logits[id])).ToList();
            actual.Should().Equal(expected, "the trie walk must allow exactly the tokens a per-token check allows (step {0})", step);

            var next = expected[random.Next(expected.Count)];
            if (vocabulary.EndOfSequenceIds.Contains(next))
            {
                break;
            }

            constraint.Accept(next);
        }
    }

    [Fact]
    public void Decode_NestedEscapesSpelledByTokens_ParsesToTheEscapedText()
    {
        var constraint = StringConstraint();
        var text = "\"a\\\\\\\"b\\u00e9\\ud83d\\ude00\"";
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var id = Id($"<0x{b:X2}>");
            constraint.IsAllowed(id).Should().BeTrue();
            constraint.Accept(id);
        }

        constraint.IsComplete.Should().BeTrue();
        JsonSerializer.Deserialize<string>(text).Should().Be("a\\\"bé😀");
    }
}
