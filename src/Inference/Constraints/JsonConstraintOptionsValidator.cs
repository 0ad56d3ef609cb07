using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Constraints;

/// <summary>Checks <see cref="JsonConstraintOptions"/> against its DataAnnotations ranges; errors name the option and value.</summary>
internal sealed class JsonConstraintOptionsValidator : IValidateOptions<JsonConstraintOptions>
{
    public ValidateOptionsResult Validate(string? name, JsonConstraintOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => $"{JsonConstraintOptions.SectionName}: {r.ErrorMessage}"));
    }
}
