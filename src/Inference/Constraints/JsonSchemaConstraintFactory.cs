using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using FhirMedGemma.Inference.Constraints.Grammar;
using FhirMedGemma.Inference.Engine;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>
/// Makes <see cref="JsonSchemaTokenConstraint"/>s over one vocabulary. Building the token tries takes a moment and some
/// memory, so create one factory per model (a singleton) and let every generation share it.
/// </summary>
/// <remarks>
/// Supported schema subset (anything else is refused with <see cref="InvalidModelInputException"/>):
/// <c>type</c> (one or an array), <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (objects with declared
/// properties only ever get those), <c>items</c>, <c>enum</c> (strings and null), <c>minItems</c>, <c>maxItems</c>, and
/// annotations (<c>title</c>, <c>description</c>, ...). A null schema means any JSON value.
/// </remarks>
public sealed class JsonSchemaConstraintFactory : ITokenConstraintFactory
{
    private readonly JsonVocabularyIndex _index;
    private readonly RecognizerLimits _limits;

    public JsonSchemaConstraintFactory(TokenVocabulary vocabulary, JsonConstraintOptions options)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (vocabulary.EndOfSequenceIds.Count == 0)
        {
            throw new ArgumentException("The vocabulary has no end-of-sequence token (<eos> or <end_of_turn>).", nameof(vocabulary));
        }

        _index = JsonVocabularyIndex.For(vocabulary);
        _limits = new RecognizerLimits(options.MaxStringBytes, options.MaxNumberChars, options.MaxWhitespaceRun, options.MaxDepth);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidModelInputException">The schema uses a keyword outside the supported subset.</exception>
    public ITokenConstraint CreateForJsonSchema(JsonElement? schema) => Create(schema);

    /// <summary>Same as <see cref="CreateForJsonSchema"/>, typed.</summary>
    public JsonSchemaTokenConstraint Create(JsonElement? schema) =>
        new(_index, JsonSchemaCompiler.Compile(schema), _limits);
}
