using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Observations;

/// <summary>A printed result, parsed.</summary>
public sealed record ParsedLabValue
{
    /// <summary>Which value[x] the result becomes.</summary>
    public required LabValueKind Kind { get; init; }

    /// <summary>The printed text, trimmed.</summary>
    public required string Text { get; init; }

    /// <summary>The number, keeping the printed precision (7.90 stays 7.90); set when <see cref="Kind"/> is Quantity.</summary>
    public decimal? Number { get; init; }

    /// <summary>The printed comparator ("&lt;0.01" → LessThan), or null.</summary>
    public Quantity.QuantityComparator? Comparator { get; init; }

    /// <summary>The coded result; set when <see cref="Kind"/> is Qualitative.</summary>
    public QualitativeResult? Qualitative { get; init; }

    /// <summary>Text printed after the number in the same cell ("140 mmol/L", "7.9 H"), or null.</summary>
    public string? TrailingText { get; init; }

    /// <summary>The data-absent-reason code; set when <see cref="Kind"/> is Absent.</summary>
    public string? DataAbsentReason { get; init; }
}
