namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>A printed unit and the UCUM code it stands for. The same quantity: nothing is ever converted.</summary>
/// <param name="PrintedText">The unit as printed (goes to Quantity.unit), or null.</param>
/// <param name="UcumCode">The validated UCUM code (goes to Quantity.code), or null when unknown.</param>
/// <param name="Outcome">How the code was found.</param>
public sealed record NormalizedUnit(string? PrintedText, string? UcumCode, UnitNormalization Outcome)
{
    /// <summary>No unit printed.</summary>
    public static NormalizedUnit None { get; } = new(null, null, UnitNormalization.None);
}
