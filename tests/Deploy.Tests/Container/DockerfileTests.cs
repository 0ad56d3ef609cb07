using System.Text.RegularExpressions;
using FhirMedGemma.Deploy.Tests.Chart;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Deploy.Tests.Container;

public sealed class DockerfileTests
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Parse(DeployPaths.Read(DeployPaths.Dockerfile));

    private static string Single(string stage, string keyword) =>
        Dockerfile.InStage(stage).Single(i => i.Keyword == keyword).Arguments;

    [Fact]
    public void Stages_AreSdkBuildThenCpuAndGpuRuntimesThenFinalByFlavor()
    {
        var stages = Dockerfile.Stages.ToDictionary(s => s.Name, s => s.Image);

        stages["build"].Should().StartWith("mcr.microsoft.com/dotnet/sdk:");
        stages["runtime-cpu"].Should().StartWith("mcr.microsoft.com/dotnet/aspnet:");
        stages["runtime-gpu"].Should().Be("${CUDA_IMAGE}");
        stages["final"].Should().Be("runtime-${FLAVOR}");
        Dockerfile.GlobalArgs["FLAVOR"].Should().Be("cpu", "the CPU flavour is the default build");
        Dockerfile.GlobalArgs["CUDA_IMAGE"].Should().MatchRegex(@"^nvidia/cuda:[\d.]+-cudnn-runtime-");
    }

    [Fact]
    public void BuildStage_Publish_PicksTheOnnxRuntimePackageByFlavor()
    {
        var run = Single("build", "RUN");

        run.Should().Contain("cpu) gpu=false").And.Contain("gpu) gpu=true");
        run.Should().Contain("dotnet publish src/Api/Api.csproj -c Release").And.Contain("-p:UseOnnxRuntimeGpu=$gpu");
    }

    [Fact]
    public void FlavorRuntimes_SetTheMatchingExecutionProvider()
    {
        Dockerfile.InStage("runtime-cpu").Should().Contain(i => i.Keyword == "ENV" && i.Arguments.Contains("Inference__Engine__ExecutionProvider=Cpu"));
        Dockerfile.InStage("runtime-gpu").Should().Contain(i => i.Keyword == "ENV" && i.Arguments.Contains("Inference__Engine__ExecutionProvider=Cuda"));
        Dockerfile.InStage("runtime-gpu").Should().Contain(i => i.Keyword == "RUN" && i.Arguments.Contains("useradd --uid 1654"));
    }

    [Fact]
    public void FinalStage_User_IsTheNonRootUidTheChartRunsAs()
    {
        var user = Single("final", "USER");
        var chartUid = ChartValues.Defaults["podSecurityContext"]!["runAsUser"]!.GetValue<long>();

        user.Should().Be($"{chartUid}:{chartUid}");
        user.Should().NotStartWith("0").And.NotStartWith("root");
        Dockerfile.Instructions.Last(i => i.Keyword == "USER").Stage.Should().Be("final", "nothing runs as root after USER");
    }

    [Fact]
    public void FinalStage_Ports_AreTheChartContainerPorts()
    {
        var ports = Single("final", "EXPOSE").Split(' ');
        var values = ChartValues.Defaults["containerPorts"]!;

        ports.Should().Equal(values["http"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture),
                             values["grpc"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var env = string.Join(' ', Dockerfile.InStage("final").Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
        env.Should().Contain("Service__HttpPort=8080").And.Contain("Service__GrpcPort=8081");
    }

    [Fact]
    public void FinalStage_Healthcheck_CallsLivenessOnTheHttpPort()
    {
        var check = Single("final", "HEALTHCHECK");

        check.Should().MatchRegex(@"--start-period=\d+s");
        check.Should().Contain("CMD curl -fsS").And.Contain("http://127.0.0.1:8080/healthz");
    }

    [Fact]
    public void FinalStage_ModelDirectory_IsTheMountedPathAndNeverCopied()
    {
        var env = string.Join(' ', Dockerfile.InStage("final").Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
        var mountPath = ChartValues.Defaults["model"]!["mountPath"]!.GetValue<string>();

        env.Should().Contain($"Inference__ModelDirectory={mountPath}");
        Dockerfile.Instructions.Where(i => i.Keyword is "COPY" or "ADD").Select(i => i.Arguments)
            .Should().NotContain(a => a.Contains("model", StringComparison.OrdinalIgnoreCase) || a.Contains(".onnx", StringComparison.Ordinal));
        Dockerfile.Instructions.Should().NotContain(i => i.Keyword == "VOLUME", "an anonymous volume would defeat the read-only root");
    }

    [Fact]
    public void Entrypoint_RunsTheApiAssembly()
    {
        var csproj = File.ReadAllText(Path.Combine(RepoFixtures.Root, "src", "Api", "Api.csproj"));
        var assembly = Regex.Match(csproj, "<AssemblyName>(?<name>[^<]+)</AssemblyName>").Groups["name"].Value;

        Single("final", "ENTRYPOINT").Should().Be($"[\"dotnet\", \"{assembly}.dll\"]");
        Single("final", "COPY").Should().Contain("--from=build").And.Contain("--chown=root:root");
    }

    [Fact]
    public void DockerIgnore_AllowList_KeepsWeightsFixturesAndTestsOut()
    {
        var patterns = DeployPaths.Read(DeployPaths.DockerIgnore).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        patterns[0].Should().Be("*", "the context is an allow-list");
        patterns.Where(p => p.StartsWith('!')).Should().BeSubsetOf(new[]
        {
            "!src/", "!protos/", "!eng/", "!global.json", "!Directory.Build.props", "!Directory.Packages.props",
            "!.editorconfig", "!NuGet.config", "!nuget.config",
        });
        patterns.Should().Contain(new[] { "**/*.onnx", "**/*.onnx_data", "**/*.safetensors", "**/bin/", "**/obj/" });
    }
}
