namespace FhirMedGemma.FhirAdapters.Flattening.Text;

/// <summary>
/// One section of the prompt. <see cref="Facts"/> are in relevance order (newest first), so a budget keeps a prefix.
/// </summary>
/// <param name="Title">The heading.</param>
/// <param name="Priority">Lower keeps its content first when the budget is short.</param>
/// <param name="Facts">The facts, most relevant first.</param>
/// <param name="OmittedByLimit">Older items a configured limit (e.g. MaxRecentEncounters) already left out.</param>
internal sealed record RecordSection(string Title, int Priority, IReadOnlyList<FactLine> Facts, int OmittedByLimit = 0);
