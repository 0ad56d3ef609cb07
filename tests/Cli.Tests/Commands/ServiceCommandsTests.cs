using FhirMedGemma.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirMedGemma.Cli.Tests.Commands;

/// <summary><c>summarize</c> and <c>serve</c>, run in-process with captured stdout/stderr.</summary>
public sealed class ServiceCommandsTests
{
    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => CliHarness.RunAsync(args);

    [Fact]
    public async Task Summarize_SyntheaBundleWithoutModel_PrintsLabelledNonAiSummary()
    {
        var (exit, stdout, stderr) = await RunAsync("summarize", RepoFixtures.SyntheaBundle("Dino214"));

        exit.Should().Be(0, stderr);
        stdout.Should().StartWith("NON-AI STRUCTURED SUMMARY").And.Contain("## Active problems");
        stderr.Should().Contain("model-free").And.Contain("0 removed");
    }

    [Fact]
    public async Task Summarize_FormatFhir_PrintsParametersWithDocumentReference()
    {
        var (exit, stdout, _) = await RunAsync("summarize", RepoFixtures.SyntheaBundle("Dino214"), "--format", "fhir");

        exit.Should().Be(0);
        stdout.Should().Contain("\"resourceType\":\"Parameters\"").And.Contain("\"docStatus\":\"preliminary\"");
    }

    [Fact]
    public async Task Summarize_WithTinyModel_RunsTheInProcessModel()
    {
        // The CLI reads configuration from the environment; keep the random-weight model's output short.
        Environment.SetEnvironmentVariable("Limits__MaxSummaryTokens", "16");
        (int Exit, string Stdout, string Stderr) result;
        try
        {
            result = await RunAsync("summarize", RepoFixtures.SyntheaBundle("Dino214"), "--model", RepoFixtures.TinyModelDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Limits__MaxSummaryTokens", null);
        }

        var (exit, stdout, stderr) = result;

        exit.Should().Be(0, stderr);
        stdout.Should().NotStartWith("NON-AI");
        stderr.Should().NotContain("model-free");
    }

    [Fact]
    public async Task Summarize_MissingModelDirectory_ExitsNonZero()
    {
        var (exit, _, stderr) = await RunAsync("summarize", RepoFixtures.SyntheaBundle("Dino214"), "--model", "/no/such/model");

        exit.Should().NotBe(0);
        stderr.Should().Contain("MODEL_UNAVAILABLE");
    }

    [Fact]
    public async Task Summarize_NotFhir_ExitsNonZeroWithCodeAndNoStackTrace()
    {
        var file = Path.Combine(RepoFixtures.Root, "README.md");

        var (exit, _, stderr) = await RunAsync("summarize", file);

        exit.Should().NotBe(0);
        stderr.Should().Contain("NOT_FHIR").And.NotContain("   at ");
    }

    [Fact]
    public async Task Summarize_MissingFile_ExitsNonZero()
    {
        var (exit, _, stderr) = await RunAsync("summarize", "/no/such/bundle.json");

        exit.Should().NotBe(0);
        stderr.Should().Contain("does not exist");
    }

    [Fact]
    public async Task Serve_PortOutOfRange_ExitsNonZeroBeforeListening()
    {
        var (exit, _, stderr) = await RunAsync("serve", "--http-port", "70000", "--no-auth");

        exit.Should().NotBe(0);
        stderr.Should().Contain("Service:HttpPort");
    }

    [Fact]
    public async Task Serve_AuthOnWithoutKeys_ExitsWithConfigurationError()
    {
        var (exit, _, stderr) = await RunAsync("serve", "--http-port", "0", "--grpc-port", "0");

        exit.Should().NotBe(0);
        stderr.Should().Contain("CONFIGURATION_INVALID").And.Contain("Auth:Enabled=false");
    }
}
