namespace FhirMedGemma.Deploy.Tests.Chart;

public sealed class ChartValuesSchemaTests
{
    [Fact]
    public void DefaultValues_AgainstSchema_AreValid()
    {
        ChartValues.Validate(ChartValues.Defaults).Should().BeEmpty();
    }

    [Fact]
    public void CiValueSets_MergedOverDefaults_AreValid()
    {
        var files = ChartValues.CiValueFiles.ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(3, "GPU, CPU and remote value sets are kept in ci/");
        foreach (var file in files)
        {
            ChartValues.Validate(ChartValues.With(File.ReadAllText(file))).Should().BeEmpty(Path.GetFileName(file));
        }
    }

    [Theory]
    [InlineData("inference:\n  mode: Bogus", "mode")]
    [InlineData("gpu:\n  count: 0", "count")]
    [InlineData("replicaCount: two", "replicaCount")]
    [InlineData("service:\n  httpPort: 70000", "httpPort")]
    [InlineData("probes:\n  startup:\n    type: tcp", "type")]
    [InlineData("probes:\n  readiness:\n    failureThreshold: 0", "failureThreshold")]
    [InlineData("config:\n  upstream:\n    auth:\n      mode: Basic", "mode")]
    [InlineData("config:\n  limits:\n    maxPdfPages: 0", "maxPdfPages")]
    [InlineData("config:\n  typo: 1", "typo")]
    [InlineData("typo: 1", "typo")]
    [InlineData("model:\n  download:\n    dtype: int8", "dtype")]
    [InlineData("model:\n  download:\n    modelId: medgemma", "modelId")]
    [InlineData("model:\n  mountPath: models/medgemma", "mountPath")]
    [InlineData("inference:\n  remote:\n    endpoint: vllm:8000", "endpoint")]
    [InlineData("inference:\n  engine:\n    executionProvider: Rocm", "executionProvider")]
    [InlineData("inference:\n  chat:\n    temperature: 3", "temperature")]
    [InlineData("image:\n  repository: ''", "repository")]
    public void InvalidValue_AgainstSchema_IsRejectedNamingTheProperty(string overlay, string property)
    {
        var errors = ChartValues.Validate(ChartValues.With(overlay));

        errors.Should().NotBeEmpty();
        errors.Select(e => $"{e.Path} {e.Property}").Should().Contain(p => p.Contains(property, StringComparison.Ordinal));
    }

    [Fact]
    public void NullableLimit_SetToNumberOrNull_IsValid()
    {
        ChartValues.Validate(ChartValues.With("config:\n  limits:\n    maxPdfPages: 50")).Should().BeEmpty();
        ChartValues.Validate(ChartValues.With("config:\n  limits:\n    maxPdfPages: null")).Should().BeEmpty();
    }
}
