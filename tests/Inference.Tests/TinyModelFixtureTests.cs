using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests;

public sealed class TinyModelFixtureTests
{
    [Theory]
    [InlineData("config.json")]
    [InlineData("generation_config.json")]
    [InlineData("preprocessor_config.json")]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    [InlineData("onnx/embed_tokens.onnx")]
    [InlineData("onnx/vision_encoder.onnx")]
    [InlineData("onnx/decoder_model_merged.onnx")]
    public void TinyModelDirectory_AfterBuild_HoldsEveryFileOfTheContract(string relativePath)
    {
        File.Exists(Path.Combine(RepoFixtures.TinyModelDirectory, relativePath)).Should().BeTrue(relativePath);
    }
}
