using System.Text;
using System.Text.Json;
using FhirMedGemma.Inference.Tokenization;

namespace FhirMedGemma.Inference.Prompts;

/// <summary>
/// Gemma 3's chat template (the Jinja template of tokenizer_config.json) written in C#: <c>&lt;bos&gt;</c>, turns as
/// <c>&lt;start_of_turn&gt;user|model\n…&lt;end_of_turn&gt;\n</c>, the system text plus a blank line at the start of the first user
/// turn, <c>&lt;start_of_image&gt;</c> where an image goes, and the <c>&lt;start_of_turn&gt;model\n</c> generation prompt.
/// </summary>
public sealed class GemmaChatTemplate
{
    /// <summary>The image tokens per image of Gemma 3 (config.json <c>mm_tokens_per_image</c>).</summary>
    public const int DefaultTokensPerImage = 256;

    private readonly string _imageExpansion;

    /// <param name="tokensPerImage">Image soft tokens that replace each image placeholder.</param>
    public GemmaChatTemplate(int tokensPerImage = DefaultTokensPerImage)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerImage);
        TokensPerImage = tokensPerImage;
        var expansion = new StringBuilder("\n\n").Append(GemmaSpecialTokens.StartOfImageText);
        for (var i = 0; i < tokensPerImage; i++)
        {
            expansion.Append(GemmaSpecialTokens.ImageSoftTokenText);
        }

        _imageExpansion = expansion.Append(GemmaSpecialTokens.EndOfImageText).Append("\n\n").ToString();
    }

    public int TokensPerImage { get; }

    /// <summary>Reads <c>mm_tokens_per_image</c> from a model directory's config.json (256 when absent).</summary>
    /// <exception cref="ModelLoadException">config.json is missing or not JSON.</exception>
    public static GemmaChatTemplate Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "config.json");
        if (!File.Exists(path))
        {
            throw new ModelLoadException("config.json: missing");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("mm_tokens_per_image", out var count) && count.TryGetInt32(out var n)
                ? n > 0 ? new GemmaChatTemplate(n) : throw new ModelLoadException($"config.json: mm_tokens_per_image is {n}; it must be positive")
                : new GemmaChatTemplate();
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException("config.json: not valid JSON", ex);
        }
    }

    /// <summary>
    /// Renders messages exactly as Hugging Face's <c>apply_chat_template</c>; each image stays one <c>&lt;start_of_image&gt;</c>
    /// placeholder (see <see cref="ExpandImages"/>).
    /// </summary>
    /// <exception cref="InvalidModelInputException">No messages, a system message that is not first, or turns that do not
    /// alternate user/assistant starting with user.</exception>
    public static string Render(IReadOnlyList<PromptMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder(GemmaSpecialTokens.BosText);
        var firstUserPrefix = string.Empty;
        var turns = messages.AsEnumerable();
        if (messages.Count > 0 && messages[0].Role == PromptRole.System)
        {
            // As in the Jinja template: the first part's text, untrimmed, then a blank line.
            firstUserPrefix = (messages[0].Parts.OfType<PromptText>().FirstOrDefault()?.Text ?? string.Empty) + "\n\n";
            turns = turns.Skip(1);
        }

        var index = 0;
        foreach (var message in turns)
        {
            var expected = index % 2 == 0 ? PromptRole.User : PromptRole.Assistant;
            if (message.Role != expected)
            {
                throw new InvalidModelInputException(
                    InferenceErrorCodes.InvalidGenerationRequest,
                    $"Message {index + (firstUserPrefix.Length > 0 ? 1 : 0)} is {message.Role}; after an optional first system message, turns must alternate user/assistant starting with user.");
            }

            text.Append(GemmaSpecialTokens.StartOfTurnText).Append(message.Role == PromptRole.User ? "user" : "model").Append('\n');
            if (index == 0)
            {
                text.Append(firstUserPrefix);
            }

            foreach (var part in message.Parts)
            {
                _ = part switch
                {
                    PromptImage => text.Append(GemmaSpecialTokens.StartOfImageText),
                    PromptText t => text.Append(t.Text.Trim()),
                    _ => text,
                };
            }

            text.Append(GemmaSpecialTokens.EndOfTurnText).Append('\n');
            index++;
        }

        if (index == 0)
        {
            throw new InvalidModelInputException(InferenceErrorCodes.InvalidGenerationRequest, "The conversation has no user message.");
        }

        if (addGenerationPrompt)
        {
            text.Append(GemmaSpecialTokens.StartOfTurnText).Append("model\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Replaces each <c>&lt;start_of_image&gt;</c> by what Gemma 3's processor feeds the model:
    /// <c>"\n\n&lt;start_of_image&gt;" + N × "&lt;image_soft_token&gt;" + "&lt;end_of_image&gt;\n\n"</c>.
    /// </summary>
    public string ExpandImages(string renderedPrompt)
    {
        ArgumentNullException.ThrowIfNull(renderedPrompt);
        return renderedPrompt.Replace(GemmaSpecialTokens.StartOfImageText, _imageExpansion, StringComparison.Ordinal);
    }

    /// <summary>Number of image placeholders in a rendered prompt.</summary>
    public static int CountImages(string renderedPrompt)
    {
        var count = 0;
        for (var at = renderedPrompt.IndexOf(GemmaSpecialTokens.StartOfImageText, StringComparison.Ordinal);
             at >= 0;
             at = renderedPrompt.IndexOf(GemmaSpecialTokens.StartOfImageText, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
