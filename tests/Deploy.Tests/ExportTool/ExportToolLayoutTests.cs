using System.Text.Json.Nodes;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Deploy.Tests.ExportTool;

/// <summary>The export tool writes exactly the layout the engine loads: model-fixtures/tiny-medgemma and its README.</summary>
public sealed class ExportToolLayoutTests
{
    private static JsonNode TinyJson(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFixtures.TinyModelDirectory, file)))!;

    private static string ModelReadme => File.ReadAllText(Path.Combine(RepoFixtures.Root, "model-fixtures", "README.md"));

    [Fact]
    public void GraphFiles_AreExactlyTheOnesTheEngineFixtureShips()
    {
        var graphs = ExportToolLayout.Tuple("GRAPHS");
        var fixture = Directory.GetFiles(Path.Combine(RepoFixtures.TinyModelDirectory, "onnx"))
            .Select(p => "onnx/" + Path.GetFileName(p));

        graphs.Should().BeEquivalentTo(fixture);
        graphs.Should().Equal("onnx/embed_tokens.onnx", "onnx/vision_encoder.onnx", "onnx/decoder_model_merged.onnx");
        foreach (var graph in graphs)
        {
            ModelReadme.Should().Contain($"`{Path.GetFileName(graph)}`");
        }
    }

    [Fact]
    public void RequiredFiles_AllExistInTheEngineFixture()
    {
        foreach (var file in ExportToolLayout.Tuple("REQUIRED_FILES"))
        {
            File.Exists(Path.Combine(RepoFixtures.TinyModelDirectory, file)).Should().BeTrue(file);
        }
    }

    [Fact]
    public void ExternalData_NamingIsTheOneTheReadmeAnnounces()
    {
        ExportToolLayout.String("EXTERNAL_DATA_SUFFIX").Should().Be("_data");
        ModelReadme.Should().Contain("*.onnx_data");
    }

    [Fact]
    public void GraphInputsAndOutputs_MatchTheReadmeTable()
    {
        var decoderRow = ModelReadme.Split('\n').Single(l => l.StartsWith("| `decoder_model_merged.onnx`", StringComparison.Ordinal));
        var position = 0;
        foreach (var input in ExportToolLayout.Tuple("DECODER_FIXED_INPUTS"))
        {
            var at = decoderRow.IndexOf($"`{input}`", StringComparison.Ordinal);
            at.Should().BeGreaterThan(position, "{0} is declared in the README's order", input);
            position = at;
        }

        decoderRow.Should().Contain("`past_key_values.{i}.key`").And.Contain("`present.{i}.key`").And.Contain("`logits`");
        ExportToolLayout.Tuple("EMBED_INPUTS").Should().Equal("input_ids");
        ExportToolLayout.Tuple("EMBED_OUTPUTS").Should().Equal("inputs_embeds");
        ExportToolLayout.Tuple("VISION_INPUTS").Should().Equal("pixel_values");
        ExportToolLayout.Tuple("VISION_OUTPUTS").Should().Equal("image_features");
    }

    [Fact]
    public void TokenIds_MatchTheEngineFixtureConfig()
    {
        var config = TinyJson("config.json");
        var generation = TinyJson("generation_config.json");

        ExportToolLayout.Int("IMAGE_TOKEN_ID").Should().Be(config["image_token_index"]!.GetValue<int>());
        ExportToolLayout.Int("BOI_ID").Should().Be(config["boi_token_index"]!.GetValue<int>());
        ExportToolLayout.Int("EOI_ID").Should().Be(config["eoi_token_index"]!.GetValue<int>());
        ExportToolLayout.Int("TOKENS_PER_IMAGE").Should().Be(config["mm_tokens_per_image"]!.GetValue<int>());
        ExportToolLayout.Int("BOS_ID").Should().Be(generation["bos_token_id"]!.GetValue<int>());
        ExportToolLayout.Int("PAD_ID").Should().Be(generation["pad_token_id"]!.GetValue<int>());
        ExportToolLayout.Tuple("STOP_IDS").Select(int.Parse)
            .Should().Equal(generation["eos_token_id"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public void ImageSize_MatchesTheEngineFixturePreprocessor()
    {
        var size = TinyJson("preprocessor_config.json")["size"]!;

        ExportToolLayout.Int("IMAGE_SIZE").Should().Be(size["height"]!.GetValue<int>()).And.Be(size["width"]!.GetValue<int>());
    }

    [Fact]
    public void ChartDownloadInitContainer_SkipsOnlyWhenTheToolsManifestExists()
    {
        var deployment = Chart.ChartTemplates.Text("deployment.yaml");

        deployment.Should().Contain($"$MODEL_OUT/{ExportToolLayout.String("MANIFEST")}");
        deployment.Should().Contain("python -m export_medgemma export --model-id \"$MODEL_ID\"");
    }
}
