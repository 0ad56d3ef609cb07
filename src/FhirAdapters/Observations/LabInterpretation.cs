namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>A v3-ObservationInterpretation code and how it was found.</summary>
/// <param name="Code">H, L, HH, LL, A, AA or N.</param>
/// <param name="Display">The code's display ("High").</param>
/// <param name="FromPrintedFlag">True when the lab printed it; false when computed from the value and the range.</param>
public sealed record LabInterpretation(string Code, string Display, bool FromPrintedFlag);
