using FhirMedGemma.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Cli.Commands;

/// <summary>The one place the CLI turns <c>--model DIR</c> into the same in-process registrations the service uses.</summary>
internal static class CliModelSupport
{
    /// <summary>
    /// Builds a container with <c>AddMedGemma</c> for the MedGemma ONNX export in <paramref name="modelDirectory"/>
    /// (Inference:Mode=InProcess), validates its options now and loads the engine, so a bad directory fails here with a
    /// message naming the file rather than at the first request.
    /// </summary>
    /// <exception cref="ModelUnavailableException">The directory does not exist.</exception>
    /// <exception cref="OptionsValidationException">The directory lacks what the options require.</exception>
    /// <exception cref="ModelLoadException">A model file is missing or inconsistent.</exception>
    internal static ServiceProvider BuildModelServices(string modelDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(directory))
        {
            throw new ModelUnavailableException($"The model directory '{directory}' does not exist.");
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inference:Mode"] = nameof(InferenceMode.InProcess),
                ["Inference:ModelDirectory"] = directory,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddMedGemma(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return provider;
        }
        catch
        {
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The chat client for a model directory; disposing it disposes the engine and everything it loaded.</summary>
    internal static IChatClient CreateChatClient(string modelDirectory)
    {
        var provider = BuildModelServices(modelDirectory);
        try
        {
            return new ContainerOwningChatClient(provider.GetRequiredService<IChatClient>(), provider);
        }
        catch
        {
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>A pass-through client that owns the container its inner client came from.</summary>
    private sealed class ContainerOwningChatClient(IChatClient inner, ServiceProvider container) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                // The engine is IAsyncDisposable only (it may wait for native work to stop); IChatClient.Dispose is synchronous.
                container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
