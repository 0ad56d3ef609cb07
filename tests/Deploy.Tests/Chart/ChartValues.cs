using System.Text.Json.Nodes;
using FhirMedGemma.Deploy.Tests.Yaml;
using NJsonSchema;
using NJsonSchema.Validation;

namespace FhirMedGemma.Deploy.Tests.Chart;

/// <summary>The chart's values.yaml, its ci/ value sets, and values.schema.json as helm applies it.</summary>
internal static class ChartValues
{
    private static readonly Lazy<JsonSchema> LazySchema = new(() =>
        JsonSchema.FromJsonAsync(DeployPaths.Read(DeployPaths.ChartFile("values.schema.json"))).GetAwaiter().GetResult());

    public static JsonSchema Schema => LazySchema.Value;

    public static JsonObject Defaults => YamlJson.ParseObject(DeployPaths.Read(DeployPaths.ChartFile("values.yaml")));

    public static IEnumerable<string> CiValueFiles =>
        Directory.GetFiles(Path.Combine(DeployPaths.Chart, "ci"), "*-values.yaml").Order(StringComparer.Ordinal);

    /// <summary>Defaults with an overlay merged over them, as <c>helm install -f overlay.yaml</c> does.</summary>
    public static JsonObject With(string overlayYaml) => YamlJson.Merge(Defaults, YamlJson.ParseObject(overlayYaml));

    public static ICollection<ValidationError> Validate(JsonObject values) => Schema.Validate(values.ToJsonString());
}
