using System.Diagnostics;
using System.Globalization;
using FhirMedGemma.Api.Auth;
using FhirMedGemma.Api.ErrorHandling;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FhirMedGemma.Api.Fhir.Async;

/// <summary>Polling (GET) and cancelling (DELETE) of asynchronous jobs at <c>/fhir/_async/{id}</c>.</summary>
internal static class AsyncJobEndpoints
{
    public const string Route = "_async";

    public static RouteGroupBuilder MapAsyncJobEndpoints(this RouteGroupBuilder fhir)
    {
        var jobs = fhir.MapGroup(Route).RequireAuthorization(AuthPolicies.Authenticated);
        jobs.MapGet("{id}", Poll);
        jobs.MapDelete("{id}", Cancel);
        return fhir;
    }

    /// <summary>Starts <paramref name="work"/> as a job and answers 202 with the URL to poll.</summary>
    public static IResult Accept(HttpContext context, AsyncJobStore store, string operation, Func<CancellationToken, Task<Resource>> work)
    {
        var job = store.Start(operation, work);
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = "Accepted; poll the Content-Location URL for the result.",
            }],
        };
        return new FhirResult(outcome, StatusCodes.Status202Accepted).WithHeader(KnownHeaders.ContentLocation, StatusUrl(context.Request, job.Id));
    }

    public static bool WantsAsync(HttpRequest request) =>
        request.Headers[KnownHeaders.Prefer].Any(p => p?.Contains(KnownHeaders.RespondAsync, StringComparison.OrdinalIgnoreCase) == true);

    private static FhirResult Poll(string id, AsyncJobStore store, HttpContext context)
    {
        var job = store.Find(id) ?? throw UnknownJob();
        return job.State switch
        {
            AsyncJobState.Completed => new FhirResult(job.Result!),
            AsyncJobState.Failed => Failed(job.Error!),
            AsyncJobState.Cancelled => throw UnknownJob(),
            _ => new FhirResult(new OperationOutcome
            {
                Issue = [new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Information,
                    Code = OperationOutcome.IssueType.Informational,
                    Diagnostics = "In progress.",
                }],
            }, StatusCodes.Status202Accepted).WithHeader("X-Progress", "running").WithHeader(KnownHeaders.RetryAfter, "1"),
        };
    }

    private static Accepted Cancel(string id, AsyncJobStore store) =>
        store.Delete(id) ? TypedResults.Accepted((string?)null) : throw UnknownJob();

    private static FhirResult Failed(ServiceError error)
    {
        var result = new FhirResult(OperationOutcomeFactory.Create(error, Activity.Current?.TraceId.ToString()), error.Kind.ToHttpStatus());
        return error.RetryAfter is { } retry
            ? result.WithHeader(KnownHeaders.RetryAfter, Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture))
            : result;
    }

    private static string StatusUrl(HttpRequest request, string id) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/fhir/{Route}/{id}";

    private static ServiceException UnknownJob() =>
        new(ErrorKind.NotFound, ServiceErrorCodes.JobNotFound, "No such asynchronous job (finished jobs expire; cancelled jobs are gone).");
}
