using System.CommandLine;
using System.Globalization;

namespace FhirMedGemma.Cli.Tests;

/// <summary>Runs the real <c>fhirmedgemma</c> command tree in-process and captures what it writes.</summary>
internal static class CliHarness
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CliApplication.CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
