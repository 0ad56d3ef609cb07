using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.Fhir.Async;
using FhirMedGemma.Api.Summaries;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir;

/// <summary><c>POST /fhir/Patient/$summarize</c> (record in the body) and <c>GET|POST /fhir/Patient/{id}/$summarize</c> (fetched upstream).</summary>
internal static class SummarizeEndpoints
{
    public static RouteGroupBuilder MapSummarizeEndpoints(this RouteGroupBuilder fhir)
    {
        fhir.MapPost($"Patient/{FhirOperationNames.Summarize}", SummarizeBodyAsync).RequireAuthorization(SmartScopes.PatientRead);
        fhir.MapMethods($"Patient/{{id}}/{FhirOperationNames.Summarize}", [HttpMethods.Get, HttpMethods.Post], SummarizeByIdAsync)
            .RequireAuthorization(SmartScopes.PatientRead);
        return fhir;
    }

    private static async Task<IResult> SummarizeBodyAsync(
        HttpContext context, FhirRequestReader reader, PatientSummarizer summarizer, AsyncJobStore jobs, CancellationToken cancellationToken)
    {
        var body = await reader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var parameters = body as Parameters;
        var record = parameters is null
            ? PatientRecordSource.RequireBundle(body)
            : OperationParameters.Resource<Bundle>(parameters, "bundle") ?? throw OperationParameters.MissingPart("bundle");
        var input = new SummaryInput(record, OperationParameters.Persist(context.Request, parameters), null,
            OperationParameters.Focus(context.Request, parameters), "rest", TimeSpan.Zero);
        return await RunAsync(context, jobs, ct => summarizer.SummarizeAsync(input, ct), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> SummarizeByIdAsync(
        string id, HttpContext context, FhirRequestReader reader, PatientRecordSource source, PatientSummarizer summarizer, AsyncJobStore jobs,
        CancellationToken cancellationToken)
    {
        Parameters? parameters = null;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentLength is not 0 && context.Request.ContentType is not null)
        {
            parameters = await reader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false) as Parameters
                ?? throw OperationParameters.WrongBody("a Parameters resource (or no body)");
        }

        var persist = OperationParameters.Persist(context.Request, parameters);
        var focus = OperationParameters.Focus(context.Request, parameters);
        return await RunAsync(context, jobs, async ct =>
        {
            var (record, fetchTime) = await source.FetchAsync(id, ct).ConfigureAwait(false);
            return await summarizer.SummarizeAsync(new SummaryInput(record, persist, null, focus, "rest", fetchTime), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> RunAsync(
        HttpContext context, AsyncJobStore jobs, Func<CancellationToken, Task<SummaryResult>> work, CancellationToken cancellationToken)
    {
        if (AsyncJobEndpoints.WantsAsync(context.Request))
        {
            return AsyncJobEndpoints.Accept(context, jobs, "summarize", async ct => SummaryParameters.Create(await work(ct).ConfigureAwait(false)));
        }

        return new FhirResult(SummaryParameters.Create(await work(cancellationToken).ConfigureAwait(false)));
    }
}
