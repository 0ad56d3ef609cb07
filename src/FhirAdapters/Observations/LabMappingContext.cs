namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>What every row of one report shares: the patient, the source document, the dates, and who extracted it.</summary>
public sealed record LabMappingContext
{
    /// <summary>The patient, as a FHIR reference ("Patient/123" or "urn:uuid:…").</summary>
    public required string SubjectReference { get; init; }

    /// <summary>
    /// The report the rows were read from ("DiagnosticReport/abc" or "DocumentReference/xyz"), or null. A
    /// DocumentReference becomes Observation.derivedFrom; R4 does not allow a DiagnosticReport there, which links its
    /// Observations through DiagnosticReport.result instead (see <see cref="LabTransactionBuilder"/>).
    /// </summary>
    public string? SourceReference { get; init; }

    /// <summary>When the specimen was collected, used for rows without a collection date of their own.</summary>
    public DateTimeOffset? Effective { get; init; }

    /// <summary>When the report was issued (Observation.issued).</summary>
    public DateTimeOffset? Issued { get; init; }

    /// <summary>The model that extracted the rows, or null when a parser did. Non-null adds the AIAST security label.</summary>
    public LabModelInfo? Model { get; init; }

    /// <summary>
    /// True when a person has checked model output. Model output that nobody checked is filed as <c>preliminary</c>;
    /// everything else as <c>final</c>.
    /// </summary>
    public bool HumanVerified { get; init; }
}
