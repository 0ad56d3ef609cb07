using FhirMedGemma.Testing;

namespace FhirMedGemma.Deploy.Tests;

/// <summary>The deployment files under test, read from the repository.</summary>
internal static class DeployPaths
{
    public static string Chart => Path.Combine(RepoFixtures.Root, "helm", "fhir-medgemma");

    public static string ChartFile(string relative) => Require(Path.Combine(Chart, relative));

    public static string Dockerfile => Require(Path.Combine(RepoFixtures.Root, "Dockerfile"));

    public static string DockerIgnore => Require(Path.Combine(RepoFixtures.Root, ".dockerignore"));

    public static string ExportToolLayout =>
        Require(Path.Combine(RepoFixtures.Root, "tools", "export-medgemma", "export_medgemma", "layout.py"));

    public static string Read(string path) => File.ReadAllText(path);

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' is missing from the repository.");
}
