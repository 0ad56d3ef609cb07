using FhirMedGemma.Inference.Prompts;
using Microsoft.Extensions.AI;

namespace FhirMedGemma.Inference.Chat;

/// <summary>Maps Microsoft.Extensions.AI messages onto the Gemma template's turns; images come out in prompt order.</summary>
internal static class ChatMessageConverter
{
    public static (List<PromptMessage> Messages, List<DataContent> Images) Convert(IEnumerable<ChatMessage> messages)
    {
        var prompt = new List<PromptMessage>();
        var images = new List<DataContent>();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.System ? PromptRole.System
                : message.Role == ChatRole.User ? PromptRole.User
                : message.Role == ChatRole.Assistant ? PromptRole.Assistant
                : throw Invalid($"Message role '{message.Role.Value}' is not supported; use system, user or assistant.");
            var parts = new List<PromptPart>();
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        parts.Add(new PromptText(text.Text));
                        break;
                    case DataContent data when data.HasTopLevelMediaType("image"):
                        if (role != PromptRole.User)
                        {
                            throw Invalid("Images are only accepted in user messages.");
                        }

                        parts.Add(PromptImage.Instance);
                        images.Add(data);
                        break;
                    case DataContent data:
                        throw Invalid($"Data of media type '{data.MediaType}' is not supported; send images (image/*) or text.");
                    case TextReasoningContent or UsageContent:
                        break;
                    default:
                        throw Invalid($"Content of type {content.GetType().Name} is not supported; send text or images as DataContent.");
                }
            }

            prompt.Add(new PromptMessage(role, parts));
        }

        return (prompt, images);
    }

    private static InvalidModelInputException Invalid(string message) => new(InferenceErrorCodes.InvalidGenerationRequest, message);
}
