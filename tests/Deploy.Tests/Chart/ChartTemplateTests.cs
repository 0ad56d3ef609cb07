namespace FhirMedGemma.Deploy.Tests.Chart;

public sealed class ChartTemplateTests
{
    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var path in ChartTemplates.All)
        {
            data.Add(Path.GetRelativePath(ChartTemplates.TemplatesDirectory, path).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_EveryValuesPathItReads_IsDeclaredInValuesYaml(string template)
    {
        var defaults = ChartValues.Defaults;

        var missing = ChartTemplates.ValuePaths(ChartTemplates.Text(template))
            .Where(p => !ChartTemplates.Exists(defaults, p)).ToList();

        missing.Should().BeEmpty("{0} reads only values that values.yaml declares (a typo renders as empty)", template);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_Blocks_AreBalancedAndHelpersExist(string template)
    {
        var text = ChartTemplates.Text(template);
        var defined = ChartTemplates.Defines(ChartTemplates.Text("_helpers.tpl"));

        var (opened, ended) = ChartTemplates.Blocks(text);

        opened.Should().Be(ended, "every if/with/range/define in {0} is closed by an end", template);
        ChartTemplates.Includes(text).Should().BeSubsetOf(defined);
    }

    [Fact]
    public void ValuesYaml_EverySetting_IsReadBySomeTemplate()
    {
        var used = ChartTemplates.All.SelectMany(t => ChartTemplates.ValuePaths(File.ReadAllText(t))).ToHashSet();

        var unused = ChartTemplates.Leaves(ChartValues.Defaults)
            .Where(leaf => !used.Any(u => leaf == u || leaf.StartsWith(u + ".", StringComparison.Ordinal)))
            .ToList();

        unused.Should().BeEmpty("a value no template reads would be a setting that silently does nothing");
    }

    [Theory]
    [InlineData("configmap.yaml")]
    [InlineData("deployment.yaml")]
    [InlineData("hpa.yaml")]
    [InlineData("ingress.yaml")]
    [InlineData("networkpolicy.yaml")]
    [InlineData("pdb.yaml")]
    [InlineData("pvc.yaml")]
    [InlineData("secret.yaml")]
    [InlineData("service.yaml")]
    [InlineData("serviceaccount.yaml")]
    [InlineData("servicemonitor.yaml")]
    [InlineData("tests/test-connection.yaml")]
    public void ResourceTemplate_Metadata_UsesTheChartNamingAndLabels(string template)
    {
        var text = ChartTemplates.Text(template);

        text.Should().Contain("apiVersion:").And.Contain("kind:");
        text.Should().Contain("include \"fhir-medgemma.labels\" .");
        text.Should().MatchRegex(@"name: ""?\{\{ include ""fhir-medgemma\.(fullname|serviceAccountName|modelClaimName)"" \. \}\}");
    }

    [Fact]
    public void Deployment_Container_HasProbesPortsGpuSchedulingAndReadOnlyModel()
    {
        var text = ChartTemplates.Text("deployment.yaml");

        text.Should().Contain("startupProbe:").And.Contain("livenessProbe:").And.Contain("readinessProbe:");
        text.Should().Contain("- name: http").And.Contain("- name: grpc");
        text.Should().Contain("set $limits .Values.gpu.resourceName");
        text.Should().Contain("nodeSelector:").And.Contain("tolerations:").And.Contain("affinity:");
        text.Should().Contain("initContainers:").And.Contain("secretKeyRef:");
        text.Should().MatchRegex(@"mountPath: \{\{ \.Values\.model\.mountPath \}\}[\s\S]*?readOnly: true");
        text.Should().Contain("configMapRef:").And.Contain("secretRef:");
        text.Should().Contain("checksum/config");
    }

    [Fact]
    public void Service_Ports_DeclareAppProtocolForHttpAndH2c()
    {
        var text = ChartTemplates.Text("service.yaml");

        text.Should().Contain("name: http").And.Contain("name: grpc");
        text.Should().Contain("appProtocol: {{ .Values.service.httpAppProtocol }}");
        text.Should().Contain("appProtocol: {{ .Values.service.grpcAppProtocol }}");
        ChartValues.Defaults["service"]!["grpcAppProtocol"]!.GetValue<string>().Should().Be("kubernetes.io/h2c");
    }

    [Fact]
    public void ProbeHelper_GrpcType_UsesTheGrpcPortAndHealthService()
    {
        var helpers = ChartTemplates.Text("_helpers.tpl");

        helpers.Should().MatchRegex(@"grpc:\s+port: \{\{ \$root\.Values\.containerPorts\.grpc \}\}");
        helpers.Should().MatchRegex(@"httpGet:\s+path: \{\{ \$p\.path \}\}\s+port: http");
    }
}
