using System.Text.Json;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Cli.Tests;

/// <summary><c>fhirmedgemma generate</c> over the tiny model, checked against the Hugging Face greedy references.</summary>
public sealed class GenerateCommandTests
{
    private static readonly JsonElement TextShort = ReferenceCase("text_short");

    [Fact]
    public async Task Generate_RawRenderedPrompt_PrintsTheReferenceGreedyIds()
    {
        var prompt = TextShort.GetProperty("prompt").GetString()!;
        var expected = Ids(TextShort.GetProperty("expected_new_ids"));

        var (exit, stdout, stderr) = await CliHarness.RunAsync(
            "generate", "--model", RepoFixtures.TinyModelDirectory, "--raw", "--prompt", prompt, "--ids", "--max-new-tokens", expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        exit.Should().Be(0, stderr);
        JsonSerializer.Deserialize<int[]>(stdout).Should().Equal(expected);
    }

    [Fact]
    public async Task Generate_PlainPrompt_GoesThroughTheChatTemplateToTheSameIds()
    {
        // The reference prompt is exactly one user turn rendered by the Gemma template.
        var expected = Ids(TextShort.GetProperty("expected_new_ids"));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "Summarize: 54 y/o F with type 2 diabetes, HbA1c 8.1%.");
        try
        {
            var (exit, stdout, stderr) = await CliHarness.RunAsync(
                "generate", "--model", RepoFixtures.TinyModelDirectory, "--prompt-file", file, "--ids", "--max-new-tokens", "8");

            exit.Should().Be(0, stderr);
            JsonSerializer.Deserialize<int[]>(stdout).Should().Equal(expected.Take(8));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Generate_Text_PrintsDecodedTextOfTheSeededSample()
    {
        string[] args = ["generate", "--model", RepoFixtures.TinyModelDirectory, "--prompt", "Hello", "--max-new-tokens", "6", "--temperature", "0.8", "--seed", "7"];

        var first = await CliHarness.RunAsync(args);
        var second = await CliHarness.RunAsync(args);

        first.Exit.Should().Be(0, first.Stderr);
        first.Stdout.Should().NotBeNullOrWhiteSpace().And.Be(second.Stdout, "a seed makes sampling reproducible");
    }

    [Fact]
    public async Task Generate_MissingModelDirectory_FailsWithAMessageNotAStackTrace()
    {
        var (exit, stdout, stderr) = await CliHarness.RunAsync("generate", "--model", "/nonexistent/medgemma", "--prompt", "Hello");

        exit.Should().Be(3);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("/nonexistent/medgemma").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("--prompt", "a", "--prompt-file", "b.txt")]
    [InlineData("--prompt", "one image <start_of_image>", "--raw")]
    [InlineData("--prompt", "hi", "--max-new-tokens", "0")]
    public async Task Generate_InconsistentArguments_ExitTwoWithOneLine(params string[] extra)
    {
        var (exit, stdout, stderr) = await CliHarness.RunAsync(["generate", "--model", RepoFixtures.TinyModelDirectory, .. extra]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Trim().Should().StartWith("error").And.NotContain("\n");
    }

    private static JsonElement ReferenceCase(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFixtures.ModelReferenceDirectory, "generation_reference.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    private static int[] Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
