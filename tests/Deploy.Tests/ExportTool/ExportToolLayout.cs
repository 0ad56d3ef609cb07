using System.Globalization;
using System.Text.RegularExpressions;

namespace FhirMedGemma.Deploy.Tests.ExportTool;

/// <summary>The constants of tools/export-medgemma/export_medgemma/layout.py, read as text (no Python needed).</summary>
internal static partial class ExportToolLayout
{
    private static readonly Lazy<string> Source = new(() => DeployPaths.Read(DeployPaths.ExportToolLayout));

    public static string String(string name)
    {
        var m = Regex.Match(Source.Value, $@"^{name} = ""(?<value>[^""]*)""", RegexOptions.Multiline);
        return m.Success ? m.Groups["value"].Value : throw new KeyNotFoundException($"layout.py has no string {name}");
    }

    public static int Int(string name)
    {
        var m = Regex.Match(Source.Value, $@"^{name} = (?<value>\d+)\s*$", RegexOptions.Multiline);
        return m.Success
            ? int.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)
            : throw new KeyNotFoundException($"layout.py has no integer {name}");
    }

    /// <summary>A tuple of names (GRAPHS = (EMBED_TOKENS, ...)) or literals ("config.json", ...) or ints ((1, 106)).</summary>
    public static IReadOnlyList<string> Tuple(string name)
    {
        var m = Regex.Match(Source.Value, $@"^{name} = \((?<items>[^)]*)\)", RegexOptions.Multiline | RegexOptions.Singleline);
        if (!m.Success)
        {
            throw new KeyNotFoundException($"layout.py has no tuple {name}");
        }

        return TupleItem().Matches(m.Groups["items"].Value)
            .Select(i => i.Groups["literal"].Success ? i.Groups["literal"].Value
                : i.Groups["number"].Success ? i.Groups["number"].Value
                : String(i.Groups["name"].Value))
            .ToList();
    }

    [GeneratedRegex(@"""(?<literal>[^""]*)""|(?<number>\b\d+\b)|(?<name>\b[A-Z][A-Z_]+\b)")]
    private static partial Regex TupleItem();
}
