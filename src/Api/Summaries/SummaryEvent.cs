namespace FhirMedGemma.Api.Summaries;

/// <summary>What a streaming summary yields: text chunks as they are generated, then exactly one final result.</summary>
internal abstract record SummaryEvent
{
    private SummaryEvent()
    {
    }

    /// <summary>A piece of generated text (citations not yet checked).</summary>
    public sealed record Chunk(string Text) : SummaryEvent;

    /// <summary>The checked, complete result: always the last event.</summary>
    public sealed record Completed(SummaryResult Result) : SummaryEvent;
}
