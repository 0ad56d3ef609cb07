namespace FhirMedGemma.Inference.Tokenization;

/// <summary>The ids of Gemma 3's control tokens, read from the tokenizer file rather than assumed.</summary>
public sealed record GemmaSpecialTokens(
    int Pad,
    int Eos,
    int Bos,
    int Unknown,
    int StartOfTurn,
    int EndOfTurn,
    int StartOfImage,
    int EndOfImage,
    int ImageSoftToken)
{
    public const string PadText = "<pad>";
    public const string EosText = "<eos>";
    public const string BosText = "<bos>";
    public const string UnknownText = "<unk>";
    public const string StartOfTurnText = "<start_of_turn>";
    public const string EndOfTurnText = "<end_of_turn>";
    public const string StartOfImageText = "<start_of_image>";
    public const string EndOfImageText = "<end_of_image>";
    public const string ImageSoftTokenText = "<image_soft_token>";

    internal static GemmaSpecialTokens Resolve(Func<string, int?> lookup)
    {
        int Require(string text) =>
            lookup(text) ?? throw new ModelLoadException($"tokenizer: special token '{text}' is missing from the vocabulary");

        return new GemmaSpecialTokens(
            Require(PadText), Require(EosText), Require(BosText), Require(UnknownText), Require(StartOfTurnText),
            Require(EndOfTurnText), Require(StartOfImageText), Require(EndOfImageText), Require(ImageSoftTokenText));
    }
}
