using System.ComponentModel.DataAnnotations;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>How a patient record is flattened into a prompt. Bound from the <c>Flattening</c> configuration section.</summary>
public sealed class FlatteningOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Flattening";

    /// <summary>
    /// Adds identity data (name, birth date, address, telecom, identifiers) to the patient section. Default false:
    /// the model needs age and sex, not who the patient is (data minimisation).
    /// </summary>
    public bool IncludeIdentity { get; set; }

    /// <summary>Encounters listed, newest first; older ones are announced as omitted. Default 10.</summary>
    [Range(0, 1000)]
    public int MaxRecentEncounters { get; set; } = 10;

    /// <summary>Values shown in a trend (the latest included) for a repeated lab or vital sign. Default 3; 1 shows no trend.</summary>
    [Range(1, 20)]
    public int TrendLength { get; set; } = 3;

    /// <summary>Clinical notes included, newest first. Default 5.</summary>
    [Range(0, 100)]
    public int MaxNotes { get; set; } = 5;

    /// <summary>Resolved problems listed, most recent first. Default 20.</summary>
    [Range(0, 1000)]
    public int MaxResolvedProblems { get; set; } = 20;

    /// <summary>Token budget used when a request names none; 0 means unlimited. Default 0.</summary>
    [Range(0, 10_000_000)]
    public int DefaultTokenBudget { get; set; }

    /// <summary>Largest raw bundle accepted, in bytes (UTF-8) or characters (text). Default 64 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxBundleBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Most bundle entries accepted. Default 100 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxBundleEntries { get; set; } = 100_000;
}
