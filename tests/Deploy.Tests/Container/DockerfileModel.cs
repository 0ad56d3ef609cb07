namespace FhirMedGemma.Deploy.Tests.Container;

/// <summary>One Dockerfile instruction, continuation lines joined, with the build stage it belongs to.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, string? Stage);

/// <summary>A Dockerfile read as instructions and stages, enough to check its shape without a Docker engine.</summary>
internal sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Stage name -> its FROM argument (the image), in order.</summary>
    public IReadOnlyList<(string Name, string Image)> Stages =>
        Instructions.Where(i => i.Keyword == "FROM")
            .Select(i => (i.Stage ?? string.Empty, i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]))
            .ToList();

    public IEnumerable<DockerInstruction> InStage(string stage) => Instructions.Where(i => i.Stage == stage);

    /// <summary>ARGs declared before the first FROM (global build arguments): name -> default.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs =>
        Instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG")
            .Select(i => i.Arguments.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    public static DockerfileModel Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        string? stage = null;
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var full = (pending + line.Trim()).Trim();
            pending = string.Empty;
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            var args = space < 0 ? string.Empty : full[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stage = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
            }

            instructions.Add(new DockerInstruction(keyword, args, stage));
        }

        return new DockerfileModel(instructions);
    }
}
