using System.Diagnostics.Metrics;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Engine.Onnx;
using FhirMedGemma.Inference.Engine.Onnx.DependencyInjection;
using FhirMedGemma.Inference.Engine.Onnx.Diagnostics;
using FhirMedGemma.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Tests.Engine;

public sealed class EngineConfigurationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, IMeterFactory? meterFactory = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (meterFactory is not null)
        {
            services.AddSingleton(meterFactory);
        }

        services.AddOnnxGenerationEngine(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void CudaRequestedOnCpuBuild_FailsAtStartWithWhatToInstall()
    {
        var options = EngineFactory.TinyOptions();
        options.ExecutionProvider = EngineExecutionProvider.Cuda;

        var act = () => OnnxGenerationEngine.Create(options);

        act.Should().Throw<NotSupportedException>().WithMessage("*-p:UseOnnxRuntimeGpu=true*Microsoft.ML.OnnxRuntime.Gpu*CUDA 12*");
    }

    [Fact]
    public void CudaRequestedOnCpuBuild_FailsOptionsValidation()
    {
        using var provider = Build(new()
        {
            ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
            ["Inference:Engine:ExecutionProvider"] = "Cuda",
        });

        var act = () => provider.GetRequiredService<IOptions<OnnxEngineOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*UseOnnxRuntimeGpu*");
    }

    [Fact]
    public async Task HostStart_WithAnIncompleteModelDirectory_FailsNamingTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("fhirmedgemma-empty-model-");
        try
        {
            await using var provider = Build(new() { ["Inference:ModelDirectory"] = directory.FullName });
            var startAll = async () =>
            {
                foreach (var service in provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
                {
                    await service.StartAsync(CancellationToken.None);
                }
            };

            await startAll.Should().ThrowAsync<ModelLoadException>().WithMessage("config.json: missing");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void EngineSection_OverridesTheSharedModelDirectory()
    {
        using var provider = Build(new()
        {
            ["Inference:ModelDirectory"] = "/does/not/matter",
            ["Inference:Engine:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
            ["Inference:ModelId"] = "medgemma-1.5-4b-it",
        });

        var options = provider.GetRequiredService<IOptions<OnnxEngineOptions>>().Value;

        options.ModelDirectory.Should().Be(RepoFixtures.TinyModelDirectory);
        options.ModelId.Should().Be("medgemma-1.5-4b-it");
    }

    [Fact]
    public void OutOfRangeLimit_FailsOptionsValidation()
    {
        using var provider = Build(new()
        {
            ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
            ["Inference:Engine:MaxConcurrentSequences"] = "0",
        });

        var act = () => provider.GetRequiredService<IOptions<OnnxEngineOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxConcurrentSequences*");
    }

    [Fact]
    public async Task Registration_TakesModelDirectoryFromInference_AndServesTheEngineWithMetrics()
    {
        using var meterFactory = new ScopedMeterFactory();
        using var tokens = new MetricCollector<long>(meterFactory, EngineMetrics.MeterName, "fhirmedgemma.inference.engine.tokens_generated");
        using var decodeSteps = new MetricCollector<double>(meterFactory, EngineMetrics.MeterName, "fhirmedgemma.inference.engine.decode_step_duration");
        await using var provider = Build(
            new()
            {
                ["Inference:ModelDirectory"] = RepoFixtures.TinyModelDirectory,
                ["Inference:Engine:MaxConcurrentSequences"] = "2",
                ["Inference:Engine:IntraOpNumThreads"] = "1",
            },
            meterFactory);
        var reference = GenerationReference.Case("text_short");

        var engine = provider.GetRequiredService<IGenerationEngine>();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference, 12)))));

        provider.GetRequiredService<IGenerationEngine>().Should().BeSameAs(engine);
        engine.Model.ModelId.Should().Be("tiny-medgemma");
        engine.Model.StopTokenIds.Should().Equal(1, 106);
        results.Should().AllSatisfy(ids => ids.Should().Equal(reference.ExpectedNewIds.Take(12)));
        tokens.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(24);
        decodeSteps.GetMeasurementSnapshot().Should().Contain(m => (int)m.Tags["batch_size"]! == 2, "the two requests shared decode steps");
    }

    /// <summary>Meters with a private scope, so parallel tests' engines do not add to these collectors.</summary>
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
