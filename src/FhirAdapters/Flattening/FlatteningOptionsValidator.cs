using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>Source-generated validation of the DataAnnotations on <see cref="FlatteningOptions"/> (no reflection at startup).</summary>
[OptionsValidator]
internal sealed partial class FlatteningOptionsValidator : IValidateOptions<FlatteningOptions>
{
}
