namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>Where in the source document a lab row was read: the 1-based page and the text of its line.</summary>
/// <param name="Page">1-based page number; 1 for plain text.</param>
/// <param name="LineText">The line as printed (patient data: never log it).</param>
public sealed record SourceSpan(int Page, string LineText);
