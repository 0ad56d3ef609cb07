namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>
/// A patient record flattened into prompt text. Every fact line ends in a citation key such as <c>[12]</c>;
/// <see cref="Citations"/> maps each key ("12") to the resources the line was built from ("Observation/abc").
/// </summary>
/// <remarks><see cref="Text"/> is patient data: never log it. The counts are safe to log.</remarks>
public sealed record FlattenedRecord
{
    /// <summary>The prompt text, lines separated by <c>\n</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Citation key (without brackets) → source references (<c>Type/id</c>, or the entry fullUrl when there is no id).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Citations { get; init; }

    /// <summary>The patient's reference (<c>Patient/id</c>).</summary>
    public required string PatientReference { get; init; }

    /// <summary>Tokens of <see cref="Text"/> as the configured <see cref="ITokenCounter"/> counts them.</summary>
    public required int TokenCount { get; init; }

    /// <summary>The as-of date the record was read at.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Bundle entries that carried a resource.</summary>
    public required int ResourcesRead { get; init; }

    /// <summary>Resources of types the flattener does not use (Claim, Provenance…), by type name.</summary>
    public required IReadOnlyDictionary<string, int> SkippedResourceTypes { get; init; }

    /// <summary>Fact lines left out to stay inside the token budget (each is announced in the text as "(N older items omitted)").</summary>
    public required int LinesOmittedByBudget { get; init; }

    /// <summary>Clinical notes that appeared more than once (e.g. DiagnosticReport and DocumentReference) and were kept once.</summary>
    public required int DuplicateNotesRemoved { get; init; }
}
