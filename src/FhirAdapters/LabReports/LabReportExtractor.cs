using FhirMedGemma.FhirAdapters.Observations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.FhirAdapters.LabReports;

/// <summary>
/// Reads the result rows of a lab report. With an <see cref="IChatClient"/>, each page (or chunk of a long page) goes
/// to the model with a JSON-schema response format; rows from text pages are grounded in the page text and
/// cross-checked against <see cref="LabTableParser"/>; rows from page images are returned flagged as unverifiable.
/// Without a model, the parser alone serves.
/// </summary>
/// <remarks>
/// Thread-safe when the chat client is (IChatClient implementations must be). Logs only counts and page numbers.
/// Model exceptions (unavailable, busy) propagate unchanged for the host to map.
/// </remarks>
public sealed class LabReportExtractor(
    LabTableParser parser,
    IOptions<LabExtractionOptions> options,
    IChatClient? chatClient = null,
    ILogger<LabReportExtractor>? logger = null)
{
    private readonly LabExtractionOptions settings = options.Value;
    private readonly ILogger logger = logger ?? NullLogger<LabReportExtractor>.Instance;

    /// <summary>True when a model is configured; false means the model-free path serves.</summary>
    public bool UsesModel => chatClient is not null;

    /// <summary>Extracts the rows of <paramref name="document"/>.</summary>
    public async Task<LabExtractionResult> ExtractAsync(LabDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var run = new ExtractionRun(document);
        if (chatClient is null)
        {
            foreach (var page in document.Pages)
            {
                run.AddParserRows(page, parser.ParsePage(page.Number, page.Lines));
            }

            return Finish(run, LabExtractionMethod.ModelFree, null, null);
        }

        string? modelId = chatClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        foreach (var page in document.Pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (page.HasText)
            {
                modelId = await ExtractTextPageAsync(page, run, cancellationToken).ConfigureAwait(false) ?? modelId;
            }
            else if (page.Images.Count > 0)
            {
                var (rows, model) = await AskAsync(LabExtractionPrompt.ForImages(page.Number, page.Images), run, cancellationToken)
                    .ConfigureAwait(false);
                modelId = model ?? modelId;
                if (rows is null)
                {
                    run.PageFailed(page.Number);
                    continue;
                }

                run.AddImageRows(page.Number, rows);
            }
        }

        return Finish(run, LabExtractionMethod.Model, modelId, LabExtractionPrompt.Sha256);
    }

    private async Task<string?> ExtractTextPageAsync(LabDocumentPage page, ExtractionRun run, CancellationToken cancellationToken)
    {
        var parserRows = parser.ParsePage(page.Number, page.Lines);
        var modelRows = new List<ExtractedLabRow>();
        string? modelId = null;
        foreach (var chunk in Chunk(page.Lines))
        {
            var (rows, model) = await AskAsync(LabExtractionPrompt.ForText(page.Number, chunk), run, cancellationToken)
                .ConfigureAwait(false);
            modelId = model ?? modelId;
            if (rows is null)
            {
                // The model failed this page: the parser's rows stand in, so nothing the document shows is lost.
                run.PageFailed(page.Number);
                run.AddParserRows(page, parserRows);
                return modelId;
            }

            modelRows.AddRange(rows);
        }

        foreach (var row in modelRows)
        {
            run.Consider(Check(row, page, parserRows), settings);
        }

        return modelId;
    }

    private (ExtractedLabRow Row, LabRowIssues Issues, int Page) Check(ExtractedLabRow row, LabDocumentPage page, IReadOnlyList<ExtractedLabRow> parserRows)
    {
        var issues = LabRowIssues.None;
        var span = LabRowGrounder.Ground(row, page.Number, page.Lines);
        if (span is null)
        {
            issues |= LabRowIssues.Ungrounded;
        }

        if (settings.CrossCheck)
        {
            var name = LabRowGrounder.Normalize(row.TestName);
            var match = parserRows.FirstOrDefault(p => LabRowGrounder.Normalize(p.TestName) == name);
            if (match is null)
            {
                issues |= LabRowIssues.NotFoundByParser;
            }
            else if (LabRowGrounder.Normalize(match.ValueText) != LabRowGrounder.Normalize(row.ValueText)
                     || LabRowGrounder.Normalize(match.UnitText ?? string.Empty) != LabRowGrounder.Normalize(row.UnitText ?? string.Empty))
            {
                issues |= LabRowIssues.ParserDisagrees;
            }
        }

        // No printed line shows an ungrounded row, so it gets no source span (the page is in the warning).
        return (row with { Source = span }, issues, page.Number);
    }

    private async Task<(List<ExtractedLabRow>? Rows, string? ModelId)> AskAsync(
        List<ChatMessage> messages, ExtractionRun run, CancellationToken cancellationToken)
    {
        var chatOptions = LabExtractionPrompt.Options(settings.MaxOutputTokens);
        string? modelId = null;
        for (var attempt = 0; attempt <= settings.RepairAttempts; attempt++)
        {
            var response = await chatClient!.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            modelId = response.ModelId ?? modelId;
            if (LabRowJsonParser.TryParse(response.Text, out var rows, out var error))
            {
                return (rows, modelId);
            }

            if (attempt < settings.RepairAttempts)
            {
                run.RepairRetries++;
                messages.AddRange(response.Messages);
                messages.Add(LabExtractionPrompt.Repair(error));
            }
        }

        return (null, modelId);
    }

    private IEnumerable<IReadOnlyList<string>> Chunk(IReadOnlyList<string> lines)
    {
        var chunk = new List<string>();
        var size = 0;
        foreach (var line in lines)
        {
            if (chunk.Count > 0 && size + line.Length + 1 > settings.MaxPromptTextCharacters)
            {
                yield return chunk;
                chunk = [];
                size = 0;
            }

            chunk.Add(line);
            size += line.Length + 1;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private LabExtractionResult Finish(ExtractionRun run, LabExtractionMethod method, string? modelId, string? promptSha256)
    {
        var result = run.ToResult(method, modelId, promptSha256);
        LabExtractionLog.Extracted(
            logger, method, result.Counts.Pages, result.Counts.RowsRead, result.Counts.RowsReturned,
            result.Counts.RowsDroppedUngrounded + result.Counts.RowsDroppedDisagreeing, result.Counts.PagesFailed);
        return result;
    }
}
