using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.Fhir.Async;
using FhirMedGemma.Api.LabReports;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir;

/// <summary>
/// <c>POST /fhir/DiagnosticReport/$extract-observations</c> (report or document in the body) and
/// <c>POST /fhir/DiagnosticReport/{id}/$extract-observations</c> (report fetched upstream).
/// </summary>
internal static class ExtractObservationsEndpoints
{
    public static RouteGroupBuilder MapExtractObservationsEndpoints(this RouteGroupBuilder fhir)
    {
        string[] scopes = [SmartScopes.DiagnosticReportRead, SmartScopes.ObservationWrite];
        fhir.MapPost($"DiagnosticReport/{FhirOperationNames.ExtractObservations}", ExtractFromBodyAsync).RequireAuthorization(scopes);
        fhir.MapPost($"DiagnosticReport/{{id}}/{FhirOperationNames.ExtractObservations}", ExtractByIdAsync).RequireAuthorization(scopes);
        return fhir;
    }

    private static async Task<IResult> ExtractFromBodyAsync(
        HttpContext context, FhirRequestReader reader, LabReportOperation operation, AsyncJobStore jobs, CancellationToken cancellationToken)
    {
        var body = await reader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var parameters = body as Parameters;
        var input = parameters is null
            ? new LabReportInput(body as DiagnosticReport ?? throw OperationParameters.WrongBody("a DiagnosticReport or a Parameters resource"),
                null, OperationParameters.Persist(context.Request, null), "rest")
            : FromParameters(parameters, context.Request);
        return await RunAsync(context, jobs, ct => operation.ExtractAsync(input, TimeSpan.Zero, ct), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ExtractByIdAsync(
        string id, HttpContext context, FhirRequestReader reader, LabReportOperation operation, AsyncJobStore jobs, CancellationToken cancellationToken)
    {
        Parameters? parameters = null;
        if (context.Request.ContentLength is not 0 && context.Request.ContentType is not null)
        {
            parameters = await reader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false) as Parameters
                ?? throw OperationParameters.WrongBody("a Parameters resource (or no body)");
        }

        var persist = OperationParameters.Persist(context.Request, parameters);
        var patient = parameters?.GetSingleValue<ResourceReference>("patient")?.Reference;
        return await RunAsync(context, jobs, async ct =>
        {
            var (report, fetchTime) = await operation.FetchReportAsync(id, ct).ConfigureAwait(false);
            return await operation.ExtractAsync(new LabReportInput(report, patient, persist, "rest"), fetchTime, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static LabReportInput FromParameters(Parameters parameters, HttpRequest request)
    {
        var persist = OperationParameters.Persist(request, parameters);
        var patient = parameters.GetSingleValue<ResourceReference>("patient")?.Reference;
        if (OperationParameters.Resource<DiagnosticReport>(parameters, "report") is { } report)
        {
            return new LabReportInput(report, patient, persist, "rest");
        }

        var document = parameters.GetSingleValue<Attachment>("document") ?? throw OperationParameters.MissingPart("report' or 'document");
        var built = DocumentReport.Create(document.Data ?? [], document.ContentType ?? string.Empty, patient ?? string.Empty,
            "Parameters.parameter.where(name='document')");
        return new LabReportInput(built, null, persist, "rest");
    }

    private static async Task<IResult> RunAsync(
        HttpContext context, AsyncJobStore jobs, Func<CancellationToken, Task<LabReportResult>> work, CancellationToken cancellationToken)
    {
        if (AsyncJobEndpoints.WantsAsync(context.Request))
        {
            return AsyncJobEndpoints.Accept(context, jobs, "extract-observations", async ct => (await work(ct).ConfigureAwait(false)).Bundle);
        }

        return new FhirResult((await work(cancellationToken).ConfigureAwait(false)).Bundle);
    }
}
