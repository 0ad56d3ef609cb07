using System.Text.Json;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// The JSON Schema of lab extraction output: an array of rows {test, value, unit, reference_range, flag, specimen,
/// collected}; test and value are required strings, the rest are strings or null. Shared by the extractor (prompt and
/// constrained decoding) and the API.
/// </summary>
public static class LabRowJsonSchema
{
    /// <summary>Most rows per page or chunk; a report page rarely holds more than a few dozen.</summary>
    public const int MaxRows = 200;

    /// <summary>The schema as JSON text.</summary>
    public const string Text = """
        {
          "type": "array",
          "maxItems": 200,
          "items": {
            "type": "object",
            "properties": {
              "test": { "type": "string", "description": "Test name as printed" },
              "value": { "type": "string", "description": "Result as printed (number or qualitative)" },
              "unit": { "type": ["string", "null"] },
              "reference_range": { "type": ["string", "null"] },
              "flag": { "type": ["string", "null"], "description": "H, L, A, critical... as printed" },
              "specimen": { "type": ["string", "null"] },
              "collected": { "type": ["string", "null"], "description": "Collection date/time as printed" }
            },
            "required": ["test", "value"],
            "additionalProperties": false
          }
        }
        """;

    /// <summary>The schema as a parsed element (for <c>ITokenConstraintFactory.CreateForJsonSchema</c>, ChatResponseFormat).</summary>
    public static JsonElement Element { get; } = Parse();

    private static JsonElement Parse()
    {
        using var document = JsonDocument.Parse(Text);
        return document.RootElement.Clone();
    }
}
