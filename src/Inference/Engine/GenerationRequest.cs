namespace FhirMedGemma.Inference.Engine;

/// <summary>One sequence for the engine: prompt ids already rendered and tokenized, image tokens already expanded.</summary>
/// <param name="PromptIds">Token ids of the prompt, including BOS and the 256 image soft tokens per image.</param>
/// <param name="Images">One preprocessed image per <c>&lt;start_of_image&gt;</c> block, in order: float32 NCHW [3, H, W].</param>
/// <param name="MaxNewTokens">Upper bound on generated tokens.</param>
/// <param name="Sampling">Greedy or sampling parameters.</param>
/// <param name="StopTokenIds">Extra stop ids besides those of generation_config.json.</param>
/// <param name="Constraint">Optional token constraint applied before each pick (owned by this request).</param>
public sealed record GenerationRequest(
    IReadOnlyList<int> PromptIds,
    IReadOnlyList<float[]> Images,
    int MaxNewTokens,
    SamplingParameters Sampling,
    IReadOnlyCollection<int>? StopTokenIds = null,
    ITokenConstraint? Constraint = null);
