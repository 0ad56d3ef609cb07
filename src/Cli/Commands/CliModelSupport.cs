using FhirMedGemma.Inference;
using Microsoft.Extensions.AI;

namespace FhirMedGemma.Cli.Commands;

/// <summary>The one place the CLI turns <c>--model DIR</c> into an <see cref="IChatClient"/>.</summary>
internal static class CliModelSupport
{
    /// <summary>Creates the chat client for a MedGemma ONNX export directory.</summary>
    /// <exception cref="ModelUnavailableException">
    /// Always, for now: the in-process engine is not wired into the CLI yet. The integrator replaces this body with the
    /// Inference project's registration (e.g. the MedGemma chat client over the ONNX engine) once it lands.
    /// </exception>
    internal static IChatClient CreateChatClient(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new ModelUnavailableException($"The model directory '{modelDirectory}' does not exist.");
        }

        throw new ModelUnavailableException(
            "--model is not wired into this build of the CLI yet (CliModelSupport.CreateChatClient); run with --no-model for the model-free extractor.");
    }
}
