using System.CommandLine;
using FhirMedGemma.FhirAdapters;
using FhirMedGemma.Inference;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Cli.Commands;

/// <summary>Runs a command body: known failures become one line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliRunner
{
    /// <summary>The caller's input or options are wrong.</summary>
    public const int BadInput = 2;

    /// <summary>The model could not be loaded or used.</summary>
    public const int ModelUnavailable = 3;

    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body(output, error).ConfigureAwait(false);
        }
        catch (InvalidClinicalInputException ex)
        {
            await error.WriteLineAsync($"error {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (InvalidModelInputException ex)
        {
            await error.WriteLineAsync($"error {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (ModelUnavailableException ex)
        {
            await error.WriteLineAsync($"error {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
            return ModelUnavailable;
        }
        catch (ModelLoadException ex)
        {
            await error.WriteLineAsync($"error MODEL_LOAD_FAILED: {ex.Message}").ConfigureAwait(false);
            return ModelUnavailable;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"error CONFIGURATION_INVALID: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
    }
}
