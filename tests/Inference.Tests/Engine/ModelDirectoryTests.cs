using FhirMedGemma.Inference.Engine.Onnx;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>A broken model directory fails at load with a message naming the file and the problem.</summary>
public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fhirmedgemma-model-" + Guid.NewGuid().ToString("N"));

    public ModelDirectoryTests()
    {
        var source = RepoFixtures.TinyModelDirectory;
        Directory.CreateDirectory(Path.Combine(_directory, "onnx"));
        foreach (var file in new[] { "config.json", "generation_config.json", "preprocessor_config.json",
                     "onnx/embed_tokens.onnx", "onnx/vision_encoder.onnx", "onnx/decoder_model_merged.onnx" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(_directory, file));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ModelLoadException LoadFails()
    {
        var options = EngineFactory.TinyOptions();
        options.ModelDirectory = _directory;
        var act = () => OnnxGenerationEngine.Create(options);
        return act.Should().Throw<ModelLoadException>().Which;
    }

    [Theory]
    [InlineData("onnx/decoder_model_merged.onnx")]
    [InlineData("onnx/embed_tokens.onnx")]
    [InlineData("config.json")]
    [InlineData("generation_config.json")]
    [InlineData("preprocessor_config.json")]
    public void MissingFile_FailsNamingIt(string file)
    {
        File.Delete(Path.Combine(_directory, file));

        LoadFails().Message.Should().Be($"{file}: missing");
    }

    [Fact]
    public void ConfigNotJson_FailsNamingConfig()
    {
        File.WriteAllText(Path.Combine(_directory, "config.json"), "{ \"text_config\": ");

        LoadFails().Message.Should().StartWith("config.json: not valid JSON");
    }

    [Fact]
    public void ConfigWithoutLayerCount_FailsNamingTheKey()
    {
        File.WriteAllText(Path.Combine(_directory, "config.json"), """{ "text_config": { "vocab_size": 262208, "hidden_size": 16, "num_attention_heads": 2 } }""");

        LoadFails().Message.Should().Be("config.json: num_hidden_layers is missing or not a positive integer");
    }

    [Fact]
    public void DecoderWithWrongInputs_FailsNamingTheDecoderAndTheInput()
    {
        File.Copy(Path.Combine(_directory, "onnx/embed_tokens.onnx"), Path.Combine(_directory, "onnx/decoder_model_merged.onnx"), overwrite: true);

        LoadFails().Message.Should().StartWith("onnx/decoder_model_merged.onnx: input 'inputs_embeds' is missing");
    }

    [Fact]
    public void ConfigWithFewerLayersThanTheGraph_FailsNamingTheMismatch()
    {
        var config = File.ReadAllText(Path.Combine(_directory, "config.json")).Replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 4", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_directory, "config.json"), config);

        LoadFails().Message.Should().Be("onnx/decoder_model_merged.onnx: declares 6 KV layers but config.json num_hidden_layers is 4");
    }

    [Fact]
    public void CorruptGraph_FailsNamingTheGraph()
    {
        File.WriteAllBytes(Path.Combine(_directory, "onnx/embed_tokens.onnx"), [1, 2, 3, 4, 5]);

        LoadFails().Message.Should().StartWith("onnx/embed_tokens.onnx: ONNX Runtime cannot load the graph");
    }

    [Fact]
    public void EmptyExternalWeights_FailNamingTheDataFile()
    {
        File.WriteAllBytes(Path.Combine(_directory, "onnx/decoder_model_merged.onnx_data"), []);

        LoadFails().Message.Should().Be("onnx/decoder_model_merged.onnx_data: empty external weight file");
    }

    [Fact]
    public async Task TextOnlyExport_LoadsWithoutVisionEncoder_AndRefusesImages()
    {
        File.Delete(Path.Combine(_directory, "onnx/vision_encoder.onnx"));
        var options = EngineFactory.TinyOptions();
        options.ModelDirectory = _directory;
        await using var engine = OnnxGenerationEngine.Create(options);
        var image = GenerationReference.Case("image_lab_report");

        engine.Model.SupportsImages.Should().BeFalse();
        var act = () => EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(image)));
        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.ImageInvalid);
    }

    [Fact]
    public void MissingDirectory_FailsNamingIt()
    {
        var options = EngineFactory.TinyOptions();
        options.ModelDirectory = Path.Combine(_directory, "nope");

        var act = () => OnnxGenerationEngine.Create(options);

        act.Should().Throw<ModelLoadException>().WithMessage("*nope: model directory does not exist");
    }
}
