using FhirMedGemma.Inference.Tokenization;
using FhirMedGemma.Testing;

namespace FhirMedGemma.Inference.Tests.Tokenization;

/// <summary>The tiny model's Gemma 3 tokenizer, loaded once per test run (33 MB of JSON).</summary>
internal static class SharedTokenizer
{
    private static readonly Lazy<GemmaTokenizer> Lazy = new(() => GemmaTokenizer.Load(RepoFixtures.TinyModelDirectory));

    public static GemmaTokenizer Instance => Lazy.Value;
}
