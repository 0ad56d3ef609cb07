using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Summaries;

/// <summary>One summary to produce: the record, and the caller's options.</summary>
/// <param name="Record">The patient's record (one Patient and their resources).</param>
/// <param name="Persist">Write the DocumentReference and Provenance to the upstream server.</param>
/// <param name="MaxOutputTokens">The caller's cap on generated tokens, or null for the service default.</param>
/// <param name="Focus">An optional focus for the summary (instruction, not a fact).</param>
/// <param name="Surface">"rest" or "grpc", for metrics and logs.</param>
/// <param name="FetchTime">Time spent fetching the record upstream (zero when the caller sent it).</param>
internal sealed record SummaryInput(Bundle Record, bool Persist, int? MaxOutputTokens, string? Focus, string Surface, TimeSpan FetchTime);
