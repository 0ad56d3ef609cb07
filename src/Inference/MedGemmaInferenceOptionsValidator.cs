using Microsoft.Extensions.Options;

namespace FhirMedGemma.Inference;

/// <summary>
/// Checks the <c>Inference</c> section at start-up: InProcess needs a model directory that exists and holds the files this
/// layer reads (the engine checks its ONNX graphs itself); Remote needs an absolute http(s) endpoint and a model name.
/// </summary>
internal sealed class MedGemmaInferenceOptionsValidator : IValidateOptions<MedGemmaInferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, MedGemmaInferenceOptions options)
    {
        var failures = new List<string>();
        switch (options.Mode)
        {
            case InferenceMode.None:
                break;
            case InferenceMode.InProcess:
                ValidateModelDirectory(options.ModelDirectory, failures);
                break;
            case InferenceMode.Remote:
                if (!Uri.TryCreate(options.Remote.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add("Inference:Remote:Endpoint must be an absolute http(s) URL such as http://vllm:8000/v1 when Inference:Mode is Remote.");
                }

                if (string.IsNullOrWhiteSpace(options.Remote.Model))
                {
                    failures.Add("Inference:Remote:Model is required when Inference:Mode is Remote (the model name the server serves).");
                }

                break;
            default:
                failures.Add($"Inference:Mode '{options.Mode}' is not one of None, InProcess, Remote.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateModelDirectory(string? directory, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            failures.Add("Inference:ModelDirectory is required when Inference:Mode is InProcess.");
            return;
        }

        if (!Directory.Exists(directory))
        {
            failures.Add($"Inference:ModelDirectory '{directory}' does not exist.");
            return;
        }

        if (!File.Exists(Path.Combine(directory, "config.json")))
        {
            failures.Add($"Inference:ModelDirectory '{directory}': config.json: missing.");
        }

        if (!File.Exists(Path.Combine(directory, "tokenizer.json")) && !File.Exists(Path.Combine(directory, "tokenizer.model")))
        {
            failures.Add($"Inference:ModelDirectory '{directory}': tokenizer.json: missing (and no tokenizer.model either).");
        }
    }
}
