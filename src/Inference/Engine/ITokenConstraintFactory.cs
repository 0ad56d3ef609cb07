using System.Text.Json;

namespace FhirMedGemma.Inference.Engine;

/// <summary>
/// Makes a fresh <see cref="ITokenConstraint"/> for one generation whose output must be JSON valid against a schema.
/// The chat client asks for one when <c>ChatOptions.ResponseFormat</c> is JSON; the engine applies it to the logits of every
/// step, so the model cannot emit text that fails to parse.
/// </summary>
public interface ITokenConstraintFactory
{
    /// <param name="schema">A JSON Schema (the subset documented by the implementation), or null for any JSON value.</param>
    ITokenConstraint CreateForJsonSchema(JsonElement? schema);
}
