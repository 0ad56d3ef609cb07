using System.Text;
using FhirMedGemma.Inference.Constraints.Grammar;

namespace FhirMedGemma.Inference.Tests.Constraints;

/// <summary>The JSON grammar itself, in "any JSON value" mode (schema null) unless a schema is given.</summary>
public sealed class JsonRecognizerGrammarTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.5e10")]
    [InlineData("1E+2")]
    [InlineData("123.456e-7")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("  [1, 2.5, \"x\", true, false, null, {}]")]
    [InlineData("{\"a\":[1,{\"b\":{\"c\":[]}}],\"a\":\"duplicate keys are JSON\"}")]
    [InlineData("\"a\\\\\\\"b\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\"")]
    [InlineData("\"raw é 😀 ⊕\"")]
    public void AcceptsDocument_ValidJson_IsTrue(string json)
    {
        RecognizerHarness.AcceptsDocument(null, json).Should().BeTrue();
    }

    [Theory]
    [InlineData("01")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData("-01")]
    [InlineData("\"\\ude00\"")]
    [InlineData("\"\\ud83dx\"")]
    [InlineData("\"\\ud83d\\u0041\"")]
    [InlineData("\"\\x\"")]
    [InlineData("\"\\u12g4\"")]
    [InlineData("[1,]")]
    [InlineData("{\"a\"}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("tru")]
    [InlineData("nul")]
    [InlineData("\"abc")]
    [InlineData("\"tab\there\"")]
    [InlineData("[1] [2]")]
    [InlineData("'single'")]
    public void AcceptsDocument_InvalidJson_IsFalse(string json)
    {
        RecognizerHarness.AcceptsDocument(null, json).Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xC3, 0xA9, 0x22 }, true)]
    [InlineData(new byte[] { 0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22 }, true)]
    [InlineData(new byte[] { 0x22, 0xC0, 0x80, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0xE0, 0x80, 0x80, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0x80, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0xC3, 0x22 }, false)]
    [InlineData(new byte[] { 0x22, 0xFF, 0x22 }, false)]
    public void AcceptsDocument_RawUtf8InString_FollowsUtf8WellFormedness(byte[] bytes, bool valid)
    {
        RecognizerHarness.AcceptsDocument(null, bytes).Should().Be(valid);
    }

    [Theory]
    [InlineData("{\"type\":\"integer\"}", "-12", true)]
    [InlineData("{\"type\":\"integer\"}", "1.5", false)]
    [InlineData("{\"type\":\"integer\"}", "1e3", false)]
    [InlineData("{\"type\":\"number\"}", "1.5", true)]
    [InlineData("{\"type\":\"number\"}", "\"1.5\"", false)]
    [InlineData("{\"type\":[\"string\",\"null\"]}", "null", true)]
    [InlineData("{\"type\":[\"string\",\"null\"]}", "\"x\"", true)]
    [InlineData("{\"type\":[\"string\",\"null\"]}", "1", false)]
    [InlineData("{\"type\":\"boolean\"}", "false", true)]
    [InlineData("{\"type\":\"boolean\"}", "null", false)]
    [InlineData("{\"enum\":[\"H\",\"L\",\"HH\"]}", "\"HH\"", true)]
    [InlineData("{\"enum\":[\"H\",\"L\",\"HH\"]}", "\"H\"", true)]
    [InlineData("{\"enum\":[\"H\",\"L\",\"HH\"]}", "\"X\"", false)]
    [InlineData("{\"enum\":[\"H\",\"L\",\"HH\"]}", "\"HHH\"", false)]
    [InlineData("{\"enum\":[\"H\",null]}", "null", true)]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2}", "[]", false)]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2}", "[1]", true)]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2}", "[1,2]", true)]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2}", "[1,2,3]", false)]
    [InlineData("{\"type\":\"object\",\"additionalProperties\":false}", "{}", true)]
    [InlineData("{\"type\":\"object\",\"additionalProperties\":false}", "{\"a\":1}", false)]
    [InlineData("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":1,\"b\":2}", true)]
    [InlineData("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":\"x\"}", false)]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}}}", "{\"a\":{\"b\":3}}", true)]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}}}", "{\"a\":{}}", false)]
    public void AcceptsDocument_WithSchema_FollowsTheSchema(string schema, string json, bool valid)
    {
        RecognizerHarness.AcceptsDocument(schema, json).Should().Be(valid);
    }

    [Fact]
    public void TryConsume_WhitespaceBeyondTheLimit_IsRejected()
    {
        var limits = RecognizerHarness.DefaultLimits with { MaxWhitespaceRun = 2 };

        RecognizerHarness.AcceptsDocument(null, "[  1,  2]", limits).Should().BeTrue();
        RecognizerHarness.AcceptsDocument(null, "[   1]", limits).Should().BeFalse();
    }

    [Fact]
    public void TryConsume_StringBeyondTheLimit_OnlyTheClosingQuoteRemains()
    {
        var limits = RecognizerHarness.DefaultLimits with { MaxStringBytes = 16 };

        RecognizerHarness.AcceptsDocument(null, $"\"{new string('a', 16)}\"", limits).Should().BeTrue();
        RecognizerHarness.AcceptsDocument(null, $"\"{new string('a', 17)}\"", limits).Should().BeFalse();
        // An escape needs room for a whole surrogate pair, so a started escape can always be finished.
        RecognizerHarness.AcceptsDocument(null, $"\"{new string('a', 5)}\\n\"", limits).Should().BeFalse();
        RecognizerHarness.AcceptsDocument(null, $"\"{new string('a', 4)}\\ud83d\\ude00\"", limits).Should().BeTrue();
    }

    [Fact]
    public void TryConsume_NumberAtTheLimit_CannotStartAPartThatNeedsAnotherDigit()
    {
        var limits = RecognizerHarness.DefaultLimits with { MaxNumberChars = 4 };

        RecognizerHarness.AcceptsDocument(null, "1234", limits).Should().BeTrue();
        RecognizerHarness.AcceptsDocument(null, "12345", limits).Should().BeFalse();
        RecognizerHarness.FirstRejectedByte(null, "123."u8.ToArray(), limits).Should().Be(3);
        RecognizerHarness.FirstRejectedByte(null, "12e+"u8.ToArray(), limits).Should().Be(3);
    }

    [Fact]
    public void TryConsume_NestingBeyondMaxDepth_IsRejected()
    {
        var limits = RecognizerHarness.DefaultLimits with { MaxDepth = 2 };

        RecognizerHarness.AcceptsDocument(null, "[[1]]", limits).Should().BeTrue();
        RecognizerHarness.AcceptsDocument(null, "[[[1]]]", limits).Should().BeFalse();
    }

    [Fact]
    public void TryConsume_SchemaNestedDeeperThanMaxDepth_StillReachesTheRequiredValue()
    {
        var limits = RecognizerHarness.DefaultLimits with { MaxDepth = 2 };
        const string schema = """
            {"type":"array","minItems":1,"items":{"type":"array","minItems":1,"items":{"type":"array","minItems":1,"items":{"type":"integer"}}}}
            """;

        RecognizerHarness.AcceptsDocument(schema, "[[[1]]]", limits).Should().BeTrue();
    }

    [Fact]
    public void CanEnd_TopLevelNumber_IsTrueWhileItMayStillGrow()
    {
        var recognizer = RecognizerHarness.Create(null);
        foreach (var b in Encoding.ASCII.GetBytes("12"))
        {
            recognizer.TryConsume(b).Should().BeTrue();
        }

        recognizer.CanEnd.Should().BeTrue();
        recognizer.IsComplete.Should().BeFalse();
        recognizer.TryConsume((byte)'3').Should().BeTrue();
    }

    [Fact]
    public void IsComplete_ClosedTopLevelValue_IsTrueAndNothingMayFollow()
    {
        var recognizer = RecognizerHarness.Create(null);
        foreach (var b in "{}"u8)
        {
            recognizer.TryConsume(b).Should().BeTrue();
        }

        recognizer.IsComplete.Should().BeTrue();
        var copy = recognizer;
        copy.TryConsume((byte)' ').Should().BeFalse();
    }

    [Fact]
    public void IsInPlainStringContent_InsideAStringAfterAnEscape_ReportsTheRoomLeft()
    {
        var recognizer = new JsonRecognizer(JsonSchemaCompiler.Compile(null), RecognizerHarness.DefaultLimits with { MaxStringBytes = 20 });
        foreach (var b in "\"ab\\n"u8)
        {
            recognizer.TryConsume(b).Should().BeTrue();
        }

        recognizer.IsInPlainStringContent(out var room).Should().BeTrue();
        room.Should().Be(16);
    }
}
