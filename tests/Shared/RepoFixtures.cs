using System.Reflection;

namespace FhirMedGemma.Testing;

/// <summary>Paths of the fixtures committed to this repository. A missing fixture fails loudly, never skips.</summary>
internal static class RepoFixtures
{
    public static string Root { get; } =
        typeof(RepoFixtures).Assembly.GetCustomAttribute<RepositoryRootAttribute>()?.Path
        ?? throw new InvalidOperationException("RepositoryRootAttribute is missing: build through tests/Directory.Build.props.");

    public static string SyntheaDirectory => Require(Path.Combine(Root, "synthea-fixtures"));

    public static string TinyModelDirectory => Require(Path.Combine(Root, "model-fixtures", "tiny-medgemma"));

    public static string ModelReferenceDirectory => Require(Path.Combine(Root, "model-fixtures", "reference"));

    /// <summary>Every Synthea bundle committed under synthea-fixtures/.</summary>
    public static IReadOnlyList<string> SyntheaBundles =>
        Directory.GetFiles(SyntheaDirectory, "*.json").Order(StringComparer.Ordinal).ToArray();

    public static string SyntheaBundle(string namePrefix) =>
        SyntheaBundles.SingleOrDefault(p => Path.GetFileName(p).StartsWith(namePrefix, StringComparison.Ordinal))
        ?? throw new FileNotFoundException($"No Synthea fixture starting with '{namePrefix}' in {SyntheaDirectory}.");

    private static string Require(string path) =>
        Directory.Exists(path) || File.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"Fixture path '{path}' is missing from the repository.");
}
