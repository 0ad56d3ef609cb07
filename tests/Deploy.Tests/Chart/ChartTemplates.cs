using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirMedGemma.Deploy.Tests.Chart;

/// <summary>
/// A minimal Go-template reading of the chart: which <c>.Values</c> paths each template uses (following
/// <c>$alias := .Values.x</c> assignments), which helpers it includes, and whether its blocks are balanced.
/// </summary>
internal static partial class ChartTemplates
{
    public static string TemplatesDirectory => Path.Combine(DeployPaths.Chart, "templates");

    public static IReadOnlyList<string> All =>
        Directory.GetFiles(TemplatesDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    public static string Text(string relative) => DeployPaths.Read(DeployPaths.ChartFile(Path.Combine("templates", relative)));

    /// <summary>Dotted paths under .Values that a template reads, e.g. "inference.remote.endpoint".</summary>
    public static IReadOnlySet<string> ValuePaths(string text)
    {
        // range variables ($host := .Values.ingress.hosts) are list items, not aliases of a values path.
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        // Resolve chains such as $v := .Values then $c := $v.config, whatever their order in the file.
        for (var pass = 0; pass < 4; pass++)
        {
            foreach (Match m in Assignment().Matches(text))
            {
                var source = m.Groups["source"].Value;
                var rest = m.Groups["rest"].Value.TrimStart('.');
                if (source.EndsWith(".Values", StringComparison.Ordinal))
                {
                    aliases[m.Groups["name"].Value] = rest;
                }
                else if (aliases.TryGetValue(source.TrimStart('$'), out var basePath))
                {
                    aliases[m.Groups["name"].Value] = Join(basePath, rest);
                }
            }
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in DirectReference().Matches(text))
        {
            paths.Add(m.Groups["path"].Value.TrimStart('.'));
        }

        foreach (Match m in AliasReference().Matches(text))
        {
            if (aliases.TryGetValue(m.Groups["name"].Value, out var basePath))
            {
                paths.Add(Join(basePath, m.Groups["path"].Value.TrimStart('.')));
            }
        }

        paths.Remove(string.Empty);
        return paths;
    }

    public static bool Exists(JsonObject values, string dottedPath)
    {
        JsonNode? node = values;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (node is not JsonObject obj || !obj.ContainsKey(segment))
            {
                return false;
            }

            node = obj[segment];
        }

        return true;
    }

    /// <summary>Every leaf of a values tree (scalars, lists and empty maps), as dotted paths.</summary>
    public static IEnumerable<string> Leaves(JsonObject values, string prefix = "")
    {
        foreach (var (key, value) in values)
        {
            var path = Join(prefix, key);
            if (value is JsonObject child && child.Count > 0)
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    public static IReadOnlySet<string> Includes(string text) =>
        IncludeCall().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Defines(string text) =>
        DefineBlock().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    public static (int Opened, int Ended) Blocks(string text) => (BlockOpen().Count(text), BlockEnd().Count(text));

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}.{b}";

    [GeneratedRegex(@"(?<!range\s+)\$(?<name>\w+)\s*:=\s*(?<source>\$\w*\.Values|\.Values|\$\w+)(?<rest>(\.\w+)*)")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\.Values(?<path>(\.\w+)+)")]
    private static partial Regex DirectReference();

    [GeneratedRegex(@"\$(?<name>\w+)(?<path>(\.\w+)+)")]
    private static partial Regex AliasReference();

    [GeneratedRegex(@"(include|template)\s+""(?<name>fhir-medgemma\.[\w.]+)""")]
    private static partial Regex IncludeCall();

    [GeneratedRegex(@"\{\{-?\s*define\s+""(?<name>[^""]+)""")]
    private static partial Regex DefineBlock();

    [GeneratedRegex(@"\{\{-?\s*(if|with|range|define)\b")]
    private static partial Regex BlockOpen();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex BlockEnd();
}
