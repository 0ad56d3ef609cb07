namespace FhirMedGemma.Testing;

/// <summary>The repository root at build time, so tests find fixtures in the repo without walking up from the output folder.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class RepositoryRootAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
