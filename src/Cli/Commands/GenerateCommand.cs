using System.CommandLine;
using System.Text.Json;
using FhirMedGemma.Inference.Engine;
using FhirMedGemma.Inference.Images;
using FhirMedGemma.Inference.Prompts;
using FhirMedGemma.Inference.Tokenization;
using Microsoft.Extensions.DependencyInjection;

namespace FhirMedGemma.Cli.Commands;

/// <summary>
/// <c>fhirmedgemma generate --model DIR (--prompt TEXT | --prompt-file F) ...</c>: one generation straight through the
/// engine, printed as it streams. It talks to the engine rather than the chat client because <c>--raw</c> (an already
/// rendered prompt, as in the Hugging Face references) and <c>--ids</c> (the generated ids) have no IChatClient form.
/// </summary>
internal static class GenerateCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A MedGemma ONNX export directory.", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt text (one user turn)." };
        var promptFile = new Option<FileInfo?>("--prompt-file") { Description = "Read the prompt from a UTF-8 file." };
        var system = new Option<string?>("--system") { Description = "System text, folded into the user turn by the Gemma template." };
        var images = new Option<FileInfo[]>("--image") { Description = "An image (PNG, JPEG, GIF, WebP, BMP); repeat for several." };
        var raw = new Option<bool>("--raw") { Description = "The prompt is already rendered with the chat template: only tokenize it." };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Generate at most this many tokens.", DefaultValueFactory = _ => 256 };
        var temperature = new Option<float>("--temperature") { Description = "0 (default) is greedy; above 0 samples.", DefaultValueFactory = _ => 0f };
        var seed = new Option<int?>("--seed") { Description = "Seed for sampling, for reproducible output." };
        var ids = new Option<bool>("--ids") { Description = "Print the generated token ids as a JSON array instead of text." };
        var command = new Command("generate", "Run the model on one prompt and print what it generates.")
        {
            model, prompt, promptFile, system, images, raw, maxNewTokens, temperature, seed, ids,
        };
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, async (stdout, _) =>
        {
            var text = await ReadPromptAsync(parse.GetValue(prompt), parse.GetValue(promptFile), cancellationToken);
            FileInfo[] imageFiles = parse.GetValue(images) ?? [];
            if (parse.GetValue(raw) && parse.GetValue(system) is not null)
            {
                throw new ArgumentException("--system cannot be used with --raw: a rendered prompt already holds its system text.");
            }

            await using var services = CliModelSupport.BuildModelServices(parse.GetValue(model)!);
            var request = await BuildRequestAsync(
                services, text, parse.GetValue(system), imageFiles, parse.GetValue(raw), parse.GetValue(maxNewTokens),
                new SamplingParameters(parse.GetValue(temperature), Seed: parse.GetValue(seed)), cancellationToken);
            await WriteGenerationAsync(services, request, parse.GetValue(ids), stdout, cancellationToken);
            return 0;
        }));
        return command;
    }

    private static async Task<string> ReadPromptAsync(string? prompt, FileInfo? promptFile, CancellationToken cancellationToken)
    {
        if ((prompt is null) == (promptFile is null))
        {
            throw new ArgumentException("Give exactly one of --prompt and --prompt-file.");
        }

        return prompt ?? await File.ReadAllTextAsync(promptFile!.FullName, cancellationToken);
    }

    private static async Task<GenerationRequest> BuildRequestAsync(
        IServiceProvider services, string prompt, string? system, FileInfo[] imageFiles, bool raw, int maxNewTokens,
        SamplingParameters sampling, CancellationToken cancellationToken)
    {
        if (maxNewTokens < 1)
        {
            throw new ArgumentException("--max-new-tokens must be at least 1.");
        }

        var template = services.GetRequiredService<GemmaChatTemplate>();
        var rendered = raw ? prompt : GemmaChatTemplate.Render(UserTurn(prompt, system, imageFiles.Length));
        var imagesInPrompt = GemmaChatTemplate.CountImages(rendered);
        if (imagesInPrompt != imageFiles.Length)
        {
            throw new ArgumentException($"The prompt has {imagesInPrompt} image placeholder(s) but {imageFiles.Length} --image file(s) were given.");
        }

        var preprocessor = services.GetRequiredService<ImagePreprocessor>();
        var pixels = new List<float[]>(imageFiles.Length);
        foreach (var file in imageFiles)
        {
            pixels.Add(preprocessor.Preprocess(await File.ReadAllBytesAsync(file.FullName, cancellationToken)));
        }

        var promptIds = services.GetRequiredService<GemmaTokenizer>().Encode(template.ExpandImages(rendered), addBos: false);
        return new GenerationRequest(promptIds, pixels, maxNewTokens, sampling);
    }

    private static List<PromptMessage> UserTurn(string prompt, string? system, int imageCount)
    {
        var parts = new List<PromptPart>(Enumerable.Repeat<PromptPart>(PromptImage.Instance, imageCount)) { new PromptText(prompt) };
        var messages = new List<PromptMessage>();
        if (system is not null)
        {
            messages.Add(PromptMessage.System(system));
        }

        messages.Add(new PromptMessage(PromptRole.User, parts));
        return messages;
    }

    private static async Task WriteGenerationAsync(
        IServiceProvider services, GenerationRequest request, bool printIds, TextWriter stdout, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<IGenerationEngine>();
        var generated = new List<int>();
        var detokenizer = new StreamingDetokenizer(services.GetRequiredService<GemmaTokenizer>());
        await foreach (var id in engine.GenerateAsync(request, cancellationToken))
        {
            generated.Add(id);
            if (!printIds)
            {
                await stdout.WriteAsync(detokenizer.Push(id));
            }
        }

        await stdout.WriteLineAsync(printIds ? JsonSerializer.Serialize(generated) : detokenizer.Flush());
    }
}
