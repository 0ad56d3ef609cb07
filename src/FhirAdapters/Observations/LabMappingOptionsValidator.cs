using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Checks what DataAnnotations cannot: that the report time zone exists on this machine.</summary>
internal sealed class LabMappingOptionsValidator : IValidateOptions<LabMappingOptions>
{
    public ValidateOptionsResult Validate(string? name, LabMappingOptions options)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.ReportTimeZone ?? string.Empty, out _))
        {
            return ValidateOptionsResult.Fail(
                $"{LabMappingOptions.SectionName}:{nameof(LabMappingOptions.ReportTimeZone)} '{options.ReportTimeZone}' is not a time zone known to this machine.");
        }

        return Uri.TryCreate(options.IdentifierSystemBase, UriKind.Absolute, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{LabMappingOptions.SectionName}:{nameof(LabMappingOptions.IdentifierSystemBase)} must be an absolute URI.");
    }
}
