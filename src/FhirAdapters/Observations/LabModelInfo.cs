namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>The model that produced a result: goes to the Provenance Device and decides the AI-Transparency label.</summary>
/// <param name="Name">The model's name ("medgemma-1.5-4b-it").</param>
/// <param name="Version">Its version or revision.</param>
public sealed record LabModelInfo(string Name, string Version);
