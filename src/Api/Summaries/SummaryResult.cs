using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Summaries;

/// <summary>A finished summary with its FHIR resources and the numbers callers and metrics want.</summary>
internal sealed record SummaryResult
{
    public required string Summary { get; init; }

    public required DocumentReference Document { get; init; }

    public required Provenance Provenance { get; init; }

    /// <summary>Citation key → references, for the keys the summary kept.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Citations { get; init; }

    /// <summary>Citation keys the model wrote that the record does not have; removed from the text.</summary>
    public required int RemovedCitations { get; init; }

    public required bool ModelFree { get; init; }

    public string? ModelId { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public required SummaryTimings Timings { get; init; }

    public string? PersistedDocumentReferenceId { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Where the time of one summary went.</summary>
internal sealed record SummaryTimings(TimeSpan Fetch, TimeSpan Prepare, TimeSpan Generation, TimeSpan? TimeToFirstToken, TimeSpan Total);
