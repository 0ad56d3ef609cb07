using FhirMedGemma.FhirAdapters.Flattening;

namespace FhirMedGemma.Api.Summaries;

/// <summary>
/// The summary served when no model is configured: the flattened record itself (sections, facts, citation keys),
/// under a heading that says plainly that no AI wrote it.
/// </summary>
internal static class ModelFreeSummary
{
    public const string Label =
        "NON-AI STRUCTURED SUMMARY: generated without a language model (Inference:Mode=None) by a deterministic rendering " +
        "of the FHIR record. It contains no interpretation.";

    public static string Render(FlattenedRecord record) => $"{Label}\n\n{record.Text}";
}
