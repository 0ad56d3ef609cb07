using System.Text;
using FhirMedGemma.FhirAdapters.LabReports;

namespace FhirMedGemma.Inference.Tests.Constraints;

public sealed class JsonRecognizerLabSchemaTests
{
    private static readonly string Schema = LabRowSchema.Text;

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"test\":\"Hemoglobin\",\"value\":\"13.5\"}]")]
    [InlineData("[{\"value\":\"13.5\",\"test\":\"Hemoglobin\"}]")]
    [InlineData("[{\"test\":\"Hemoglobin\",\"value\":\"13.5\",\"unit\":\"g/dL\",\"reference_range\":\"12.0-16.0\",\"flag\":null,\"specimen\":null,\"collected\":\"2024-01-02\"}]")]
    [InlineData("[\n  {\n    \"test\": \"Na\",\n    \"value\": \"140\",\n    \"unit\": \"mmol/L\"\n  },\n  {\"test\": \"K\", \"value\": \"4.1\", \"flag\": \"H\"}\n]")]
    [InlineData("[{\"test\":\"eGFR\",\"value\":\">60\",\"unit\":\"mL/min/1.73m²\"}]")]
    public void AcceptsDocument_ValidLabRows_IsTrue(string json)
    {
        RecognizerHarness.AcceptsDocument(Schema, json).Should().BeTrue();
    }

    [Theory]
    [InlineData("[{\"test\":\"Na\"}]", "}]")]
    [InlineData("[{\"test\":\"Na\",\"value\":\"1\",\"xyz\":\"x\"}]", "xyz")]
    [InlineData("[{\"test\":\"Na\",\"value\":\"1\",\"fla\":\"x\"}]", "\":\"x")]
    [InlineData("[{\"test\":\"Na\",\"test\":\"K\"}]", "test\":\"K")]
    [InlineData("[{\"test\":\"Na\",\"value\":1}]", "1}")]
    [InlineData("[{\"test\":\"Na\",\"value\":\"1\",\"unit\":5}]", "5}")]
    [InlineData("[{\"test\":\"Na\",\"value\":\"1\"},]", "]")]
    [InlineData("{\"test\":\"Na\"}", "{")]
    [InlineData("[{\"test\":\"Na\",\"value\":\"1\"}] ", " ")]
    [InlineData("[{\"tests\":\"Na\"}]", "s\":")]
    public void FirstRejectedByte_InvalidLabRows_IsWhereTheErrorStarts(string json, string rejectedSuffix)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expectedIndex = Encoding.UTF8.GetByteCount(json[..json.LastIndexOf(rejectedSuffix, StringComparison.Ordinal)]);

        RecognizerHarness.FirstRejectedByte(Schema, bytes).Should().Be(expectedIndex);
    }

    [Fact]
    public void AcceptsDocument_MoreRowsThanMaxItems_IsFalse()
    {
        var rows = string.Join(',', Enumerable.Repeat("{\"test\":\"a\",\"value\":\"1\"}", LabRowSchema.MaxRows + 1));

        RecognizerHarness.AcceptsDocument(Schema, $"[{rows}]").Should().BeFalse();
        RecognizerHarness.AcceptsDocument(Schema, $"[{rows[(rows.IndexOf('}') + 2)..]}]").Should().BeTrue();
    }

    [Fact]
    public void CanEnd_UnclosedArray_IsFalse()
    {
        RecognizerHarness.AcceptsDocument(Schema, "[{\"test\":\"a\",\"value\":\"1\"}").Should().BeFalse();
        RecognizerHarness.FirstRejectedByte(Schema, Encoding.UTF8.GetBytes("[{\"test\":\"a\",\"value\":\"1\"}")).Should().Be(-1);
    }
}
