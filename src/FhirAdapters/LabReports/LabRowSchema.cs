using System.Text.Json;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// The JSON schema of the model's answer: an array of rows {test, value, unit, reference_range, flag, specimen,
/// collected}, every field a string as printed, null when absent. Sent as
/// <c>ChatResponseFormat.ForJsonSchema</c>, so an engine that constrains decoding (the in-process one) can only emit
/// valid rows; <see cref="LabRowJsonParser"/> enforces the same shape for clients that cannot be constrained.
/// </summary>
internal static class LabRowSchema
{
    public const string Name = "lab_rows";

    public const string Text = """
        {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["test", "value", "unit", "reference_range", "flag", "specimen", "collected"],
            "properties": {
              "test": { "type": "string", "minLength": 1 },
              "value": { "type": "string", "minLength": 1 },
              "unit": { "type": ["string", "null"] },
              "reference_range": { "type": ["string", "null"] },
              "flag": { "type": ["string", "null"] },
              "specimen": { "type": ["string", "null"] },
              "collected": { "type": ["string", "null"] }
            }
          }
        }
        """;

    public static readonly JsonElement Element = JsonDocument.Parse(Text).RootElement.Clone();

    public static readonly string[] Fields = ["test", "value", "unit", "reference_range", "flag", "specimen", "collected"];
}
