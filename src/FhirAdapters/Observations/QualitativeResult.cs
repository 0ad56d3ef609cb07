namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>A qualitative result coded in SNOMED CT, e.g. 260385009 "Negative (qualifier value)".</summary>
/// <param name="Code">The SNOMED CT code.</param>
/// <param name="Display">Its display.</param>
/// <param name="IsAbnormal">True for results that are abnormal wherever a negative is expected (Positive, Detected, 2+).</param>
public sealed record QualitativeResult(string Code, string Display, bool IsAbnormal);
