using System.Text.Json;
using System.Text;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>In "any JSON" mode the recogniser agrees with System.Text.Json on thousands of mutated documents.</summary>
public sealed class JsonRecognizerDifferentialTests
{
    private const string Alphabet = "{}[]\",:0123456789.eE+-truefalsnl xa";

    private static readonly string[] Seeds =
    [
        "{\"a\":[1,-0.5e10,true,null,{\"b\":\"c\"}],\"d\":{}}",
        "[{\"test\":\"Na\",\"value\":\"140\",\"unit\":null}]",
        "[0,1.25,-3E+2,\"x y\",false,[[]]]",
    ];

    [Fact]
    public void AcceptsDocument_MutatedDocuments_AgreesWithSystemTextJson()
    {
        var random = new Random(7);
        var disagreements = new List<string>();
        var valid = 0;
        for (var i = 0; i < 5000; i++)
        {
            var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                Mutate(text, random);
            }

            var candidate = text.ToString().Trim();
            var expected = ParsesWithSystemTextJson(candidate);
            valid += expected ? 1 : 0;
            if (RecognizerHarness.AcceptsDocument(null, candidate) != expected)
            {
                disagreements.Add(candidate);
            }
        }

        disagreements.Should().BeEmpty();
        valid.Should().BeInRange(200, 4800, "the mutations must produce both valid and invalid documents");
    }

    private static void Mutate(StringBuilder text, Random random)
    {
        var position = random.Next(text.Length);
        var replacement = Alphabet[random.Next(Alphabet.Length)];
        switch (random.Next(3))
        {
            case 0:
                text.Remove(position, 1);
                break;
            case 1:
                text.Insert(position, replacement);
                break;
            default:
                text[position] = replacement;
                break;
        }
    }

    private static bool ParsesWithSystemTextJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
