namespace FhirMedGemma.Inference.Prompts;

/// <summary>Who speaks a turn. Gemma knows only user and model turns; a system message is folded into the first user turn.</summary>
public enum PromptRole
{
    System,
    User,
    Assistant,
}

/// <summary>One piece of a turn: text, or the place where an image goes.</summary>
public abstract record PromptPart;

/// <summary>Text of a turn (trimmed when rendered, as the Gemma template does).</summary>
public sealed record PromptText(string Text) : PromptPart;

/// <summary>An image at this point of the turn; the pixels travel separately, in the same order.</summary>
public sealed record PromptImage : PromptPart
{
    public static PromptImage Instance { get; } = new();
}

/// <summary>One message of a conversation, in the shape the Gemma chat template takes.</summary>
public sealed record PromptMessage(PromptRole Role, IReadOnlyList<PromptPart> Parts)
{
    public static PromptMessage System(string text) => new(PromptRole.System, [new PromptText(text)]);

    public static PromptMessage User(string text) => new(PromptRole.User, [new PromptText(text)]);

    public static PromptMessage Assistant(string text) => new(PromptRole.Assistant, [new PromptText(text)]);
}
