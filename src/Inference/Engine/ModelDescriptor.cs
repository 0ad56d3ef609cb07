namespace FhirMedGemma.Inference.Engine;

/// <summary>Facts about a loaded model that callers need.</summary>
/// <param name="ModelId">A name for logs and Provenance (the directory name unless configured).</param>
/// <param name="VocabularySize">Number of logits per position.</param>
/// <param name="StopTokenIds">Stop ids from generation_config.json.</param>
/// <param name="MaxPromptTokens">Longest prompt accepted.</param>
/// <param name="SupportsImages">False for text-only exports (no vision encoder).</param>
/// <param name="ImageSize">Side of the square image the vision encoder takes (896 for Gemma 3).</param>
/// <param name="ImageTokenId">Id of the image soft token (262144 for Gemma 3).</param>
/// <param name="TokensPerImage">Image soft tokens per image (256 for Gemma 3).</param>
public sealed record ModelDescriptor(
    string ModelId,
    int VocabularySize,
    IReadOnlyList<int> StopTokenIds,
    int MaxPromptTokens,
    bool SupportsImages,
    int ImageSize,
    int ImageTokenId,
    int TokensPerImage);
