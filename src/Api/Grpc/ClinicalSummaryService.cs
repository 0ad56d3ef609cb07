using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.Summaries;
using FhirMedGemma.Grpc.V1;
using Grpc.Core;

namespace FhirMedGemma.Api.Grpc;

/// <summary>gRPC <c>fhirmedgemma.v1.ClinicalSummary</c> over the same <see cref="PatientSummarizer"/> as REST.</summary>
internal sealed class ClinicalSummaryService(PatientSummarizer summarizer, PatientRecordSource source, FhirSerialization serialization)
    : ClinicalSummary.ClinicalSummaryBase
{
    public override async Task<SummarizeResponse> Summarize(SummarizeRequest request, ServerCallContext context)
    {
        var input = await ResolveAsync(request, context).ConfigureAwait(false);
        var result = await summarizer.SummarizeAsync(input, context.CancellationToken).ConfigureAwait(false);
        return ToResponse(result);
    }

    public override async System.Threading.Tasks.Task StreamSummarize(
        SummarizeRequest request, IServerStreamWriter<SummarizeStreamResponse> responseStream, ServerCallContext context)
    {
        var input = await ResolveAsync(request, context).ConfigureAwait(false);
        await foreach (var item in summarizer.StreamAsync(input, context.CancellationToken).ConfigureAwait(false))
        {
            var message = item switch
            {
                SummaryEvent.Chunk chunk => new SummarizeStreamResponse { TextChunk = chunk.Text },
                SummaryEvent.Completed done => new SummarizeStreamResponse { Final = ToResponse(done.Result) },
                _ => throw new InvalidOperationException("Unknown summary event."),
            };
            await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SummaryInput> ResolveAsync(SummarizeRequest request, ServerCallContext context)
    {
        if (request.MaxOutputTokens < 0)
        {
            throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "max_output_tokens must not be negative.", "max_output_tokens");
        }

        int? maxTokens = request.MaxOutputTokens > 0 ? request.MaxOutputTokens : null;
        var focus = string.IsNullOrWhiteSpace(request.Focus) ? null : request.Focus;
        switch (request.SourceCase)
        {
            case SummarizeRequest.SourceOneofCase.BundleJson:
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "bundle_json";
                var record = PatientRecordSource.RequireBundle(serialization.Parse(request.BundleJson, FhirFormat.Json));
                return new SummaryInput(record, request.Persist, maxTokens, focus, "grpc", TimeSpan.Zero);
            case SummarizeRequest.SourceOneofCase.PatientId:
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "patient_id";
                var (fetched, fetchTime) = await source.FetchAsync(request.PatientId, context.CancellationToken).ConfigureAwait(false);
                context.UserState[GrpcErrorInterceptor.InputFieldKey] = "patient_id (record fetched upstream)";
                return new SummaryInput(fetched, request.Persist, maxTokens, focus, "grpc", fetchTime);
            default:
                throw new ServiceException(ErrorKind.BadRequest, ServiceErrorCodes.InvalidRequest, "Set one of bundle_json or patient_id.", "source");
        }
    }

    private SummarizeResponse ToResponse(SummaryResult result)
    {
        var response = new SummarizeResponse
        {
            Summary = result.Summary,
            DocumentReferenceJson = serialization.ToJson(result.Document),
            ProvenanceJson = serialization.ToJson(result.Provenance),
            RemovedCitations = result.RemovedCitations,
            ModelInfo = new FhirMedGemma.Grpc.V1.ModelInfo { ModelId = result.ModelId ?? string.Empty, ModelFree = result.ModelFree },
            Usage = new TokenUsage { InputTokens = result.InputTokens, OutputTokens = result.OutputTokens },
            Timings = GrpcTimings.From(result.Timings),
            PersistedDocumentReferenceId = result.PersistedDocumentReferenceId ?? string.Empty,
        };
        response.Warnings.AddRange(result.Warnings);
        foreach (var (key, references) in result.Citations)
        {
            response.Citations.Add(new Citation { Key = key, References = { references } });
        }

        return response;
    }
}
