namespace FhirMedGemma.Deploy.Tests.Chart;

/// <summary>
/// Every setting of the service's configuration contract reaches the container as its environment variable
/// (section__key), non-secret ones through the ConfigMap and secret ones only through a Secret.
/// </summary>
public sealed class ChartConfigurationContractTests
{
    [Theory]
    [InlineData("Service__HttpPort")]
    [InlineData("Service__GrpcPort")]
    [InlineData("Service__Tls__CertificatePath")]
    [InlineData("Auth__Enabled")]
    [InlineData("Auth__Authority")]
    [InlineData("Auth__Audience")]
    [InlineData("Upstream__BaseUrl")]
    [InlineData("Upstream__Auth__Mode")]
    [InlineData("Upstream__Auth__TokenUrl")]
    [InlineData("Upstream__Auth__ClientId")]
    [InlineData("Upstream__Auth__Scope")]
    [InlineData("Upstream__TimeoutSeconds")]
    [InlineData("Upstream__MaxPages")]
    [InlineData("Upstream__MaxResponseBytes")]
    [InlineData("Limits__MaxRequestBodyBytes")]
    [InlineData("Limits__MaxConcurrentRequests")]
    [InlineData("Limits__MaxQueuedRequests")]
    [InlineData("Limits__MaxPdfPages")]
    [InlineData("Limits__MaxAttachmentBytes")]
    [InlineData("Limits__MaxImagePixels")]
    [InlineData("Limits__MaxSummaryTokens")]
    [InlineData("Inference__Mode")]
    [InlineData("Inference__ModelDirectory")]
    [InlineData("Inference__ModelId")]
    [InlineData("Inference__Engine__ExecutionProvider")]
    [InlineData("Inference__Engine__CudaDeviceId")]
    [InlineData("Inference__Engine__IntraOpNumThreads")]
    [InlineData("Inference__Engine__MaxConcurrentSequences")]
    [InlineData("Inference__Engine__MaxQueuedRequests")]
    [InlineData("Inference__Engine__MaxPromptTokens")]
    [InlineData("Inference__Chat__MaxNewTokens")]
    [InlineData("Inference__Chat__Temperature")]
    [InlineData("Inference__Remote__Endpoint")]
    [InlineData("Inference__Remote__Model")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void NonSecretSetting_ReachesTheContainer_ThroughTheConfigMap(string variable)
    {
        ChartTemplates.Text("configmap.yaml").Should().MatchRegex($@"(""{variable}""|\n\s+{variable}:)");
        ChartTemplates.Text("secret.yaml").Should().NotMatchRegex($@"\b{variable}\b");
    }

    [Theory]
    [InlineData("Auth__SigningKey")]
    [InlineData("Upstream__Auth__Token")]
    [InlineData("Upstream__Auth__ClientSecret")]
    [InlineData("Inference__Remote__ApiKey")]
    public void SecretSetting_ReachesTheContainer_OnlyThroughTheSecret(string variable)
    {
        ChartTemplates.Text("secret.yaml").Should().Contain($"{variable}: {{{{ . | b64enc | quote }}}}");
        ChartTemplates.Text("configmap.yaml").Should().NotMatchRegex($@"\b{variable}\b");
    }

    [Fact]
    public void TlsPassword_ComesFromTheTlsSecret_NotTheConfigMap()
    {
        ChartTemplates.Text("deployment.yaml").Should().MatchRegex(
            @"name: Service__Tls__CertificatePassword\s+valueFrom:\s+secretKeyRef:\s+name: \{\{ \.Values\.tls\.secretName \}\}");
        ChartTemplates.Text("configmap.yaml").Should().NotContain("CertificatePassword");
    }

    [Fact]
    public void HuggingFaceToken_ReachesOnlyTheInitContainer_FromASecretKeyRef()
    {
        var deployment = ChartTemplates.Text("deployment.yaml");

        deployment.Should().MatchRegex(@"name: HF_TOKEN\s+valueFrom:\s+secretKeyRef:\s+name: \{\{ \$d\.tokenSecret\.name \}\}");
        deployment.IndexOf("HF_TOKEN", StringComparison.Ordinal).Should()
            .BeLessThan(deployment.IndexOf("containers:\n        - name: {{ .Chart.Name }}", StringComparison.Ordinal));
    }
}
