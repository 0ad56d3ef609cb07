using System.Text.Json;
using System.Text;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference.Constraints;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>Random-logit "models" decoded under the constraint with the real Gemma vocabulary always produce valid JSON.</summary>
public sealed class ConstrainedDecodingTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Short strings keep a random model's output (and the test) small; the grammar is the same at any length.
    private static readonly JsonConstraintOptions ShortStrings = new() { MaxStringBytes = 24, MaxDepth = 4 };

    private const string MixedSchema = """
        {"type":"object","properties":{
          "n":{"type":"integer"},"x":{"type":"number"},"flag":{"enum":["H","L","HH"]},"ok":{"type":"boolean"},
          "tags":{"type":"array","items":{"type":"string"},"maxItems":3},"note":{"type":["string","null"]}},
         "required":["n","x","flag","ok","tags"]}
        """;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GreedyDecode_LabRowSchema_YieldsRowsValidForTheSchema(int seed)
    {
        var constraint = GemmaVocabulary.Factory(ShortStrings).Create(LabRowSchema.Element);

        var output = RandomModelDecoder.Decode(constraint, seed, sample: false);

        AssertValidLabRows(output);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SampleDecode_LabRowSchema_YieldsRowsValidForTheSchema(int seed)
    {
        var constraint = GemmaVocabulary.Factory(ShortStrings).Create(LabRowSchema.Element);

        var output = RandomModelDecoder.Decode(constraint, 1000 + seed, sample: true);

        AssertValidLabRows(output);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SampleDecode_MixedTypeSchema_YieldsAValidObject(int seed)
    {
        using var schema = JsonDocument.Parse(MixedSchema);
        var constraint = GemmaVocabulary.Factory(ShortStrings).Create(schema.RootElement);

        var output = RandomModelDecoder.Decode(constraint, 2000 + seed, sample: seed % 2 == 0);

        using var document = JsonDocument.Parse(StrictUtf8.GetString(output));
        var root = document.RootElement;
        root.ValueKind.Should().Be(JsonValueKind.Object);
        root.GetProperty("n").TryGetInt64(out _).Should().BeTrue();
        root.GetProperty("x").ValueKind.Should().Be(JsonValueKind.Number);
        root.GetProperty("flag").GetString().Should().BeOneOf("H", "L", "HH");
        root.GetProperty("ok").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
        var tags = root.GetProperty("tags").EnumerateArray().ToList();
        tags.Should().HaveCountLessThanOrEqualTo(3);
        tags.TrueForAll(t => t.ValueKind == JsonValueKind.String).Should().BeTrue();
        root.EnumerateObject().Select(p => p.Name).Should().OnlyContain(n => new[] { "n", "x", "flag", "ok", "tags", "note" }.Contains(n));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_AnyJsonMode_YieldsParseableJson(int seed)
    {
        var constraint = GemmaVocabulary.Factory(ShortStrings).Create(schema: null);

        var output = RandomModelDecoder.Decode(constraint, 3000 + seed, sample: seed % 2 == 1);

        var parse = () => JsonDocument.Parse(StrictUtf8.GetString(output)).Dispose();
        parse.Should().NotThrow();
    }

    private static void AssertValidLabRows(byte[] output)
    {
        using var document = JsonDocument.Parse(StrictUtf8.GetString(output));
        var rows = document.RootElement;
        rows.ValueKind.Should().Be(JsonValueKind.Array);
        rows.GetArrayLength().Should().BeLessThanOrEqualTo(LabRowSchema.MaxRows);
        string[] optional = ["unit", "reference_range", "flag", "specimen", "collected"];
        foreach (var row in rows.EnumerateArray())
        {
            row.ValueKind.Should().Be(JsonValueKind.Object);
            row.GetProperty("test").ValueKind.Should().Be(JsonValueKind.String);
            row.GetProperty("value").ValueKind.Should().Be(JsonValueKind.String);
            foreach (var property in row.EnumerateObject().Where(p => p.Name is not ("test" or "value")))
            {
                property.Name.Should().BeOneOf(optional);
                property.Value.ValueKind.Should().BeOneOf(JsonValueKind.String, JsonValueKind.Null);
            }

            row.EnumerateObject().Select(p => p.Name).Should().OnlyHaveUniqueItems();
        }
    }
}
