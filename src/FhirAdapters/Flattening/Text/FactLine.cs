namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// One fact of the record, kept or omitted as a whole (a clinical note is one fact spanning several lines). A fact
/// with <see cref="Sources"/> ends in a citation key; one without (e.g. "none recorded") does not.
/// </summary>
/// <param name="Text">The fact without its citation key.</param>
/// <param name="Sources">The references the fact was built from, in a deterministic order.</param>
internal sealed record FactLine(string Text, IReadOnlyList<string> Sources)
{
    /// <summary>A line that states an absence and cites nothing.</summary>
    public static FactLine Uncited(string text) => new(text, []);
}
