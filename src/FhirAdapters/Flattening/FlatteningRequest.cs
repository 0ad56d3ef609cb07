using Hl7.Fhir.Model;

namespace FhirMedGemma.FhirAdapters.Flattening;

/// <summary>
/// One patient record to flatten: the raw bundle (text or UTF-8 bytes) or an already parsed <see cref="Hl7.Fhir.Model.Bundle"/>,
/// plus the as-of date, the token budget and optional per-call options.
/// </summary>
/// <remarks>Create it with <see cref="FromText"/>, <see cref="FromUtf8"/> or <see cref="FromBundle"/>.</remarks>
public sealed record FlatteningRequest
{
    private FlatteningRequest()
    {
    }

    /// <summary>The bundle as text, or null.</summary>
    public string? Text { get; private init; }

    /// <summary>The bundle as UTF-8 bytes, or empty.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; private init; }

    /// <summary>The already parsed bundle, or null.</summary>
    public Bundle? Bundle { get; private init; }

    /// <summary>Encoding of <see cref="Text"/> or <see cref="Utf8"/>; ignored for <see cref="Bundle"/>.</summary>
    public FlatteningInputFormat Format { get; init; }

    /// <summary>The date the record is read at (ages, "recent", items dated later are left out). Default: the TimeProvider's now.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Maximum tokens of the output text; null uses <see cref="FlatteningOptions.DefaultTokenBudget"/> (0 there: unlimited).</summary>
    public int? TokenBudget { get; init; }

    /// <summary>Options for this call only; null uses the configured ones.</summary>
    public FlatteningOptions? Options { get; init; }

    /// <summary>A request over bundle text (JSON or XML).</summary>
    public static FlatteningRequest FromText(string text, FlatteningInputFormat format = FlatteningInputFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FlatteningRequest { Text = text, Format = format };
    }

    /// <summary>A request over UTF-8 encoded bundle bytes (JSON or XML), e.g. a request body or a file.</summary>
    public static FlatteningRequest FromUtf8(ReadOnlyMemory<byte> utf8, FlatteningInputFormat format = FlatteningInputFormat.Auto) =>
        new() { Utf8 = utf8, Format = format };

    /// <summary>A request over a bundle the caller already parsed.</summary>
    public static FlatteningRequest FromBundle(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new FlatteningRequest { Bundle = bundle };
    }
}
