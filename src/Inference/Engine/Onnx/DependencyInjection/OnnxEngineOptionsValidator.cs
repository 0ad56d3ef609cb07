using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference.Engine.Onnx.DependencyInjection;

/// <summary>Start-up checks beyond ranges: a model directory is set and exists, and the build can run the provider.</summary>
internal sealed class OnnxEngineOptionsValidator : IValidateOptions<OnnxEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxEngineOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            failures.Add("Inference:Engine:ModelDirectory (or Inference:ModelDirectory) is required.");
        }
        else if (!Directory.Exists(options.ModelDirectory))
        {
            failures.Add($"Inference:ModelDirectory '{options.ModelDirectory}' does not exist.");
        }

        try
        {
            OnnxSessionFactory.EnsureProviderAvailable(options.ExecutionProvider);
        }
        catch (NotSupportedException ex)
        {
            failures.Add(ex.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
