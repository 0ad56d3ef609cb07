using System.Text.Json;
using FhirMedGemma.Testing;
using Hl7.Fhir.Serialization;

namespace FhirMedGemma.Cli.Tests;

public sealed class FlattenCommandTests
{
    private static readonly string Small = RepoFixtures.SyntheaBundle("Dino214");
    private static readonly string Large = RepoFixtures.SyntheaBundles.MaxBy(p => new FileInfo(p).Length)!;

    [Fact]
    public async Task Flatten_TextFormat_PrintsThePromptAsOfTheGivenDate()
    {
        var (exit, output, error) = await RunAsync("flatten", Small, "--as-of", "2010-01-01");

        exit.Should().Be(0, error);
        error.Should().BeEmpty();
        output.Should().StartWith("Patient record as of 2010-01-01.").And.Contain("## Patient\n- 23-year-old male [1]");
    }

    [Fact]
    public async Task Flatten_JsonFormat_PrintsTextCitationsAndCounts()
    {
        var (exit, output, _) = await RunAsync("flatten", Large, "--format", "json", "--budget", "800", "--as-of", "2024-06-30");

        exit.Should().Be(0);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("text").GetString().Should().StartWith("Patient record as of 2024-06-30.");
        root.GetProperty("citations").GetProperty("1").EnumerateArray().Single().GetString().Should().StartWith("Patient/");
        root.GetProperty("tokenCount").GetInt32().Should().BeLessThanOrEqualTo(800);
        root.GetProperty("linesOmittedByBudget").GetInt32().Should().BePositive();
        root.GetProperty("skippedResourceTypes").GetProperty("Claim").GetInt32().Should().BePositive();
        root.GetProperty("patientReference").GetString().Should().StartWith("Patient/");
    }

    [Fact]
    public async Task Flatten_XmlBundle_IsRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flatten-{Guid.NewGuid():N}.xml");
        var bundle = FhirJsonDeserializer.RECOVERABLE.Deserialize<Hl7.Fhir.Model.Bundle>(await File.ReadAllTextAsync(Small));
        await File.WriteAllTextAsync(path, bundle!.ToXml());
        try
        {
            var (exit, output, _) = await RunAsync("flatten", path, "--as-of", "2010-01-01");
            var (_, fromJson, _) = await RunAsync("flatten", Small, "--as-of", "2010-01-01");

            exit.Should().Be(0);
            output.Should().Be(fromJson);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("README.md", "NOT_FHIR")]
    [InlineData("no-such-bundle.json", "no such file")]
    public async Task Flatten_BadInputFile_FailsWithAMessageAndNoStackTrace(string file, string expected)
    {
        var (exit, output, error) = await RunAsync("flatten", Path.Combine(RepoFixtures.Root, file));

        exit.Should().NotBe(0);
        output.Should().BeEmpty();
        error.Should().Contain(expected).And.NotContain("   at ");
    }

    [Theory]
    [InlineData("--budget", "0")]
    [InlineData("--as-of", "yesterday-ish")]
    [InlineData("--format", "xml")]
    public async Task Flatten_BadOption_FailsWithAMessage(string option, string value)
    {
        var (exit, output, error) = await RunAsync("flatten", Small, option, value);

        exit.Should().NotBe(0);
        output.Should().NotContain("Patient record");
        error.Should().NotBeEmpty().And.NotContain("   at ");
    }

    // The real command tree, so the test also proves that flatten is registered.
    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => CliHarness.RunAsync(args);
}
