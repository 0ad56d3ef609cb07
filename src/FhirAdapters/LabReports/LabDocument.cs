namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>A lab report read into pages: text lines where the page has a text layer, images where it has none.</summary>
/// <param name="Pages">The pages in order.</param>
public sealed record LabDocument(IReadOnlyList<LabDocumentPage> Pages)
{
    /// <summary>The pages with a text layer.</summary>
    public int TextPageCount => Pages.Count(p => p.HasText);
}

/// <summary>One page of a lab report.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Lines">
/// The text layer as reading-order lines; table cells (text separated by a visible gap) are joined by two or more
/// spaces. Empty when the page has no text layer (patient data: never log it).
/// </param>
/// <param name="Images">The page's images for the model's vision path; filled only for pages without a text layer.</param>
public sealed record LabDocumentPage(int Number, IReadOnlyList<string> Lines, IReadOnlyList<PageImage> Images)
{
    /// <summary>True when the page has a text layer to parse and to ground rows in.</summary>
    public bool HasText => Lines.Count > 0;
}

/// <summary>An image for the model's vision path.</summary>
/// <param name="MediaType">image/png or image/jpeg (or another type the image pipeline reads).</param>
/// <param name="Data">The encoded image.</param>
public sealed record PageImage(string MediaType, ReadOnlyMemory<byte> Data);
