namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>
/// Splits a prompt into prefill chunks. An image's soft tokens attend to each other in both directions
/// (<c>token_type_ids</c>), so a chunk boundary never falls inside a run of them: it moves back to the run's start, or,
/// when the run began the chunk and is longer than it, forward to the run's end.
/// </summary>
internal static class PrefillChunks
{
    /// <summary>The exclusive end of the chunk that starts at <paramref name="start"/>.</summary>
    public static int End(ReadOnlySpan<long> ids, int start, int chunkTokens, long imageToken)
    {
        var end = Math.Min(ids.Length, start + chunkTokens);
        if (end == ids.Length || ids[end] != imageToken || ids[end - 1] != imageToken)
        {
            return end;
        }

        var runStart = end - 1;
        while (runStart > start && ids[runStart - 1] == imageToken)
        {
            runStart--;
        }

        if (runStart > start)
        {
            return runStart;
        }

        while (end < ids.Length && ids[end] == imageToken)
        {
            end++;
        }

        return end;
    }
}
