using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// Bounds on schema-constrained JSON output. They keep a model from looping forever inside one string, number or run of
/// whitespace; the generation's token limit still bounds the whole output.
/// </summary>
public sealed class JsonConstraintOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Inference:JsonConstraint";

    /// <summary>Most bytes between the quotes of one string, escapes counted as written. Default 512.</summary>
    [Range(16, 1 << 20)]
    public int MaxStringBytes { get; set; } = 512;

    /// <summary>Most characters in one number. Default 32.</summary>
    [Range(2, 256)]
    public int MaxNumberChars { get; set; } = 32;

    /// <summary>Most consecutive whitespace bytes between two JSON tokens (enough for indented output). Default 12.</summary>
    [Range(0, 64)]
    public int MaxWhitespaceRun { get; set; } = 12;

    /// <summary>Most nested objects and arrays for "any JSON" values (schema-declared containers are finite). Default 16.</summary>
    [Range(1, 128)]
    public int MaxDepth { get; set; } = 16;
}
