using System.Text.Json;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// The JSON schema of the model's answer: an array of rows {test, value, unit, reference_range, flag, specimen,
/// collected}, every field a string as printed, null when absent. Sent as
/// <c>ChatResponseFormat.ForJsonSchema</c>, so an engine that constrains decoding (the in-process one) can only emit
/// valid rows; <see cref="LabRowJsonParser"/> enforces the same shape for clients that cannot be constrained.
/// </summary>
public static class LabRowSchema
{
    public const string Name = "lab_rows";

    /// <summary>Most rows per page or chunk (the schema's maxItems).</summary>
    public const int MaxRows = 200;

    // The in-process engine compiles this exact schema into its token constraint (src/Inference/Constraints); keep to the
    // subset documented in docs/constrained-decoding.md.
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

    /// <summary>The schema as a parsed element (ChatResponseFormat, ITokenConstraintFactory.CreateForJsonSchema).</summary>
    public static readonly JsonElement Element = JsonDocument.Parse(Text).RootElement.Clone();

    public static readonly string[] Fields = ["test", "value", "unit", "reference_range", "flag", "specimen", "collected"];
}
