using FhirMedGemma.Deploy.Tests.Yaml;

namespace FhirMedGemma.Deploy.Tests.Chart;

public sealed class ChartMetadataTests
{
    [Fact]
    public void ChartYaml_Fields_FollowHelmV2Conventions()
    {
        var chart = YamlJson.ParseObject(DeployPaths.Read(DeployPaths.ChartFile("Chart.yaml")));

        chart["apiVersion"]!.GetValue<string>().Should().Be("v2");
        chart["name"]!.GetValue<string>().Should().Be(Path.GetFileName(DeployPaths.Chart));
        chart["type"]!.GetValue<string>().Should().Be("application");
        chart["version"]!.GetValue<string>().Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
        chart["appVersion"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace("appVersion is quoted so it stays a string");
        chart["kubeVersion"]!.GetValue<string>().Should().StartWith(">=1.27", "gRPC probes are GA from 1.27");
        chart["description"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData(".helmignore")]
    [InlineData("Chart.yaml")]
    [InlineData("values.yaml")]
    [InlineData("values.schema.json")]
    [InlineData("templates/_helpers.tpl")]
    [InlineData("templates/NOTES.txt")]
    [InlineData("templates/deployment.yaml")]
    [InlineData("templates/service.yaml")]
    [InlineData("templates/serviceaccount.yaml")]
    [InlineData("templates/hpa.yaml")]
    [InlineData("templates/ingress.yaml")]
    [InlineData("templates/tests/test-connection.yaml")]
    [InlineData("templates/configmap.yaml")]
    [InlineData("templates/secret.yaml")]
    [InlineData("templates/pdb.yaml")]
    [InlineData("templates/networkpolicy.yaml")]
    [InlineData("templates/servicemonitor.yaml")]
    [InlineData("templates/pvc.yaml")]
    public void Chart_File_ExistsWhereHelmCreatePutsIt(string relative)
    {
        File.Exists(Path.Combine(DeployPaths.Chart, relative)).Should().BeTrue(relative);
    }

    [Fact]
    public void Helpers_StandardHelmCreateDefines_AreAllPresent()
    {
        var defines = ChartTemplates.Defines(ChartTemplates.Text("_helpers.tpl"));

        defines.Should().Contain(new[]
        {
            "fhir-medgemma.name", "fhir-medgemma.fullname", "fhir-medgemma.chart", "fhir-medgemma.labels",
            "fhir-medgemma.selectorLabels", "fhir-medgemma.serviceAccountName",
        });
    }

    [Fact]
    public void TestConnection_IsAHelmTestHookCallingHealthz()
    {
        var text = ChartTemplates.Text("tests/test-connection.yaml");

        text.Should().Contain("\"helm.sh/hook\": test");
        text.Should().Contain("/healthz");
        text.Should().Contain("restartPolicy: Never");
    }
}
