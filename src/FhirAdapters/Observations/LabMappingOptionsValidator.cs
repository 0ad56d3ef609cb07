using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Checks what DataAnnotations cannot: that the report time zone exists here and the identifier base is usable in a search.</summary>
internal sealed class LabMappingOptionsValidator : IValidateOptions<LabMappingOptions>
{
    public ValidateOptionsResult Validate(string? name, LabMappingOptions options)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.ReportTimeZone ?? string.Empty, out _))
        {
            return ValidateOptionsResult.Fail(
                $"{LabMappingOptions.SectionName}:{nameof(LabMappingOptions.ReportTimeZone)} '{options.ReportTimeZone}' is not a time zone known to this machine.");
        }

        // Paths are appended to it ("/lab-observation"), so it must be an http(s) URL; and it goes verbatim into
        // ifNoneExist ("identifier=system|value"), where query syntax inside it would break the search.
        var system = options.IdentifierSystemBase ?? string.Empty;
        if (!Uri.TryCreate(system, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || system.IndexOfAny(['|', '?', '&', '#', ' ', ',', '$']) >= 0)
        {
            return ValidateOptionsResult.Fail(
                $"{LabMappingOptions.SectionName}:{nameof(LabMappingOptions.IdentifierSystemBase)} must be an absolute http(s) URI without query characters (| ? & # , $ or spaces).");
        }

        return ValidateOptionsResult.Success;
    }
}
