using System.Text.Json;
using FhirMedGemma.FhirAdapters.LabReports;
using FhirMedGemma.Inference.Constraints.Grammar;

namespace FhirMedGemma.Inference.Tests.Constraints;

public sealed class JsonSchemaCompilerTests
{
    [Theory]
    [InlineData("{\"type\":\"string\",\"pattern\":\"^a\"}", "pattern")]
    [InlineData("{\"$ref\":\"#/definitions/x\"}", "$ref")]
    [InlineData("{\"anyOf\":[{\"type\":\"string\"}]}", "anyOf")]
    [InlineData("{\"type\":\"integer\",\"minimum\":0}", "minimum")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{}},\"required\":[\"b\"]}", "required")]
    [InlineData("{\"enum\":[1,2]}", "enum")]
    [InlineData("{\"enum\":[\"a\\\"b\"]}", "escaping")]
    [InlineData("{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}", "tuple")]
    [InlineData("{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}", "minItems")]
    [InlineData("{\"type\":\"colour\"}", "colour")]
    [InlineData("false", "object or true")]
    [InlineData("{\"type\":\"string\",\"enum\":[null]}", "no value")]
    public void Compile_UnsupportedOrUnsatisfiableSchema_ThrowsNamingTheProblem(string schema, string expectedInMessage)
    {
        using var document = JsonDocument.Parse(schema);
        var root = document.RootElement;

        var act = () => JsonSchemaCompiler.Compile(root);

        act.Should().Throw<InvalidModelInputException>()
            .Where(e => e.ErrorCode == InferenceErrorCodes.InvalidGenerationRequest)
            .WithMessage($"*{expectedInMessage}*");
    }

    [Fact]
    public void Compile_LabRowSchema_DeclaresSevenPropertiesWithTestAndValueRequired()
    {
        var node = JsonSchemaCompiler.Compile(LabRowSchema.Element);

        node.Types.Should().Be(JsonTypes.Array);
        var row = node.Items;
        row.PropertyNames.Select(n => System.Text.Encoding.UTF8.GetString(n)).Should().BeEquivalentTo(
            "test", "value", "unit", "reference_range", "flag", "specimen", "collected");
        var required = Enumerable.Range(0, row.PropertyNames.Length)
            .Where(i => (row.RequiredMask & (1UL << i)) != 0)
            .Select(i => System.Text.Encoding.UTF8.GetString(row.PropertyNames[i]));
        required.Should().BeEquivalentTo("test", "value");
        row.FreeFormObject.Should().BeFalse();
    }
}
