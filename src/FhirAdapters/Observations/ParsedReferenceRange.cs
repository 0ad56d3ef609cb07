namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>A printed reference range, parsed. Bounds are as printed; FHIR ranges are inclusive, so the printed text is kept too.</summary>
public sealed record ParsedReferenceRange
{
    /// <summary>The printed range, trimmed.</summary>
    public required string Text { get; init; }

    /// <summary>The lower bound, or null when open ("&lt;200").</summary>
    public decimal? Low { get; init; }

    /// <summary>The upper bound, or null when open ("&gt;= 60").</summary>
    public decimal? High { get; init; }

    /// <summary>True when the lower bound itself is outside the range ("&gt;60").</summary>
    public bool LowExclusive { get; init; }

    /// <summary>True when the upper bound itself is outside the range ("&lt;200").</summary>
    public bool HighExclusive { get; init; }

    /// <summary>The expected qualitative result ("Negative"), or null for numeric ranges.</summary>
    public QualitativeResult? Qualitative { get; init; }

    /// <summary>True when the text was understood (numeric bounds or a known qualitative result).</summary>
    public bool IsParsed => Low is not null || High is not null || Qualitative is not null;
}
