namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>The rendered prompt with its citation map and what the budget left out.</summary>
internal sealed record ComposedPrompt(
    string Text, IReadOnlyDictionary<string, IReadOnlyList<string>> Citations, int FactsOmittedByBudget, int TokenCount);
