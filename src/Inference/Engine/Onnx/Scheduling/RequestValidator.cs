using System.Globalization;

namespace FhirMedGemma.Inference.Engine.Onnx.Scheduling;

/// <summary>Checks a request against the model and limits; messages give sizes and limits, never content.</summary>
internal sealed class RequestValidator(ModelDescriptor model, int maxNewTokensLimit)
{
    public void Validate(GenerationRequest request)
    {
        var prompt = request.PromptIds ?? throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, "PromptIds is required.");
        if (prompt.Count == 0)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, "The prompt is empty.");
        }

        if (prompt.Count > model.MaxPromptTokens)
        {
            throw Invalid(InferenceErrorCodes.PromptTooLong, Format($"The prompt has {prompt.Count} tokens; the limit is {model.MaxPromptTokens}."));
        }

        if (request.MaxNewTokens < 1 || request.MaxNewTokens > maxNewTokensLimit)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, Format($"MaxNewTokens is {request.MaxNewTokens}; it must be between 1 and {maxNewTokensLimit}."));
        }

        var sampling = request.Sampling ?? throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, "Sampling is required.");
        if (!float.IsFinite(sampling.Temperature) || sampling.Temperature < 0 || sampling.TopK < 0
            || !float.IsFinite(sampling.TopP) || sampling.TopP <= 0 || sampling.TopP > 1)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, "Sampling needs temperature >= 0, top-k >= 0 and 0 < top-p <= 1.");
        }

        var imageTokens = 0;
        foreach (var id in prompt)
        {
            if (id < 0 || id >= model.VocabularySize)
            {
                throw Invalid(InferenceErrorCodes.InvalidGenerationRequest, Format($"A prompt id is outside the vocabulary (0..{model.VocabularySize - 1})."));
            }

            imageTokens += id == model.ImageTokenId ? 1 : 0;
        }

        var images = request.Images ?? [];
        if (images.Count > 0 && !model.SupportsImages)
        {
            throw Invalid(InferenceErrorCodes.ImageInvalid, "This model export has no vision encoder.");
        }

        if (imageTokens != images.Count * model.TokensPerImage)
        {
            throw Invalid(InferenceErrorCodes.InvalidGenerationRequest,
                Format($"The prompt has {imageTokens} image tokens but {images.Count} images need {images.Count * model.TokensPerImage}."));
        }

        var pixels = 3 * model.ImageSize * model.ImageSize;
        if (images.Any(image => image is null || image.Length != pixels))
        {
            throw Invalid(InferenceErrorCodes.ImageInvalid, Format($"Each image must be float32 NCHW [3, {model.ImageSize}, {model.ImageSize}] ({pixels} values)."));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static InvalidModelInputException Invalid(string code, string message) => new(code, message);
}
