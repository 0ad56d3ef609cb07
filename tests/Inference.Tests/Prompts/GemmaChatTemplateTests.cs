using System.Text.Json;
using FhirMedGemma.Inference.Prompts;
using FhirMedGemma.Inference.Tests.Tokenization;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Prompts;

public sealed class GemmaChatTemplateTests
{
    public static TheoryData<int> TemplateCaseIndexes() => IndexesOf("tokenizer_reference.json", "chat_template_cases");

    public static TheoryData<int> GenerationCaseIndexes() => IndexesOf("generation_reference.json", "cases");

    [Theory]
    [MemberData(nameof(TemplateCaseIndexes))]
    public void Render_ReferenceCase_EqualsHuggingFaceRender(int index)
    {
        var item = Reference("tokenizer_reference.json").GetProperty("chat_template_cases")[index];
        var messages = item.GetProperty("messages").EnumerateArray().Select(ToMessage).ToList();

        GemmaChatTemplate.Render(messages).Should().Be(item.GetProperty("rendered").GetString());
    }

    [Theory]
    [MemberData(nameof(GenerationCaseIndexes))]
    public void ExpandImagesThenEncode_GenerationReferencePrompt_EqualsHuggingFaceInputIds(int index)
    {
        var item = Reference("generation_reference.json").GetProperty("cases")[index];
        var template = GemmaChatTemplate.Load(RepoFixtures.TinyModelDirectory);

        var ids = SharedTokenizer.Instance.Encode(template.ExpandImages(item.GetProperty("prompt").GetString()!));

        ids.Should().Equal(item.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void ExpandImages_OneImage_AddsTokensPerImageSoftTokens()
    {
        var template = GemmaChatTemplate.Load(RepoFixtures.TinyModelDirectory);
        var prompt = GemmaChatTemplate.Render([new PromptMessage(PromptRole.User, [PromptImage.Instance, new PromptText("x")])]);

        var ids = SharedTokenizer.Instance.Encode(template.ExpandImages(prompt));

        template.TokensPerImage.Should().Be(256);
        ids.Count(id => id == SharedTokenizer.Instance.SpecialTokens.ImageSoftToken).Should().Be(256);
        GemmaChatTemplate.CountImages(prompt).Should().Be(1);
    }

    [Fact]
    public void Render_MultiTurnWithSystem_FoldsSystemIntoFirstUserTurnOnly()
    {
        var rendered = GemmaChatTemplate.Render(
        [
            PromptMessage.System("Be brief."),
            PromptMessage.User("  first  "),
            PromptMessage.Assistant("answer"),
            PromptMessage.User("second"),
        ]);

        rendered.Should().Be(
            "<bos><start_of_turn>user\nBe brief.\n\nfirst<end_of_turn>\n<start_of_turn>model\nanswer<end_of_turn>\n"
            + "<start_of_turn>user\nsecond<end_of_turn>\n<start_of_turn>model\n");
    }

    [Fact]
    public void Render_WithoutGenerationPrompt_EndsAfterLastTurn()
    {
        GemmaChatTemplate.Render([PromptMessage.User("hi")], addGenerationPrompt: false)
            .Should().Be("<bos><start_of_turn>user\nhi<end_of_turn>\n");
    }

    [Theory]
    [InlineData(PromptRole.Assistant)]
    [InlineData(PromptRole.System)]
    public void Render_TurnsNotAlternating_ThrowsInvalidModelInput(PromptRole second)
    {
        var act = () => GemmaChatTemplate.Render([PromptMessage.User("a"), new PromptMessage(second, [new PromptText("b")]), PromptMessage.Assistant("c")]);

        act.Should().Throw<InvalidModelInputException>().Which.ErrorCode.Should().Be(InferenceErrorCodes.InvalidGenerationRequest);
    }

    [Fact]
    public void Render_OnlySystemMessage_ThrowsInvalidModelInput()
    {
        var act = () => GemmaChatTemplate.Render([PromptMessage.System("s")]);

        act.Should().Throw<InvalidModelInputException>().WithMessage("*no user message*");
    }

    [Fact]
    public void Load_DirectoryWithoutConfig_ThrowsNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("gemma-tpl-");
        try
        {
            var act = () => GemmaChatTemplate.Load(dir.FullName);
            act.Should().Throw<ModelLoadException>().WithMessage("config.json: missing");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static PromptMessage ToMessage(JsonElement message)
    {
        var role = message.GetProperty("role").GetString() switch
        {
            "system" => PromptRole.System,
            "user" => PromptRole.User,
            "assistant" => PromptRole.Assistant,
            var other => throw new InvalidOperationException($"role {other}"),
        };
        var content = message.GetProperty("content");
        IReadOnlyList<PromptPart> parts = content.ValueKind == JsonValueKind.String
            ? [new PromptText(content.GetString()!)]
            : content.EnumerateArray()
                .Select(p => p.GetProperty("type").GetString() == "image" ? (PromptPart)PromptImage.Instance : new PromptText(p.GetProperty("text").GetString()!))
                .ToList();
        return new PromptMessage(role, parts);
    }

    private static JsonElement Reference(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFixtures.ModelReferenceDirectory, file))).RootElement;

    private static TheoryData<int> IndexesOf(string file, string property)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Reference(file).GetProperty(property).GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }
}
