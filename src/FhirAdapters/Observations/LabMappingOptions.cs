using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Settings for mapping lab rows and building their transaction (configuration section "LabMapping").</summary>
public sealed class LabMappingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LabMapping";

    /// <summary>
    /// Base URI of the identifier systems this service mints: <c>{base}/lab-observation</c> for Observations,
    /// <c>{base}/lab-report</c> for reports without an id, <c>{base}/prompt-sha256</c> for prompt hashes. Change it
    /// only with care: replays are recognised by these identifiers.
    /// </summary>
    [Required]
    public string IdentifierSystemBase { get; set; } = "https://fhirmedgemma.dev/fhir/identifier";

    /// <summary>The most rows one transaction may hold (default 2000); a larger report is refused rather than cut.</summary>
    [Range(1, 100_000)]
    public int MaxRowsPerTransaction { get; set; } = 2000;

    /// <summary>
    /// The time zone of collection times printed without one (an IANA or Windows id; default "UTC"). A date printed
    /// without a time stays a date.
    /// </summary>
    [Required]
    public string ReportTimeZone { get; set; } = "UTC";

    internal string ObservationIdentifierSystem => IdentifierSystemBase.TrimEnd('/') + "/lab-observation";

    internal string ReportIdentifierSystem => IdentifierSystemBase.TrimEnd('/') + "/lab-report";

    internal string PromptHashSystem => IdentifierSystemBase.TrimEnd('/') + "/prompt-sha256";
}
