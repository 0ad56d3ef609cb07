using System.Diagnostics;
using System.Globalization;
using FhirMedGemma.Api.Fhir;
using FhirMedGemma.Api.Telemetry;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirMedGemma.Api.ErrorHandling;

/// <summary>Answers every failed REST request with an OperationOutcome and the status its error kind implies.</summary>
internal sealed class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
            Log.RequestAborted(logger, httpContext.Request.Path.Value ?? string.Empty);
            return true;
        }

        var error = ErrorClassifier.Classify(exception);
        LogError(error, exception);
        var outcome = OperationOutcomeFactory.Create(error, Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier);
        var result = new FhirResult(outcome, error.Kind.ToHttpStatus());
        if (error.RetryAfter is { } retryAfter)
        {
            result.WithHeader(KnownHeaders.RetryAfter, Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        if (error.Kind == ErrorKind.Unauthenticated)
        {
            result.WithHeader(KnownHeaders.WwwAuthenticate, "Bearer");
        }

        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    private void LogError(ServiceError error, Exception exception)
    {
        if (error.Kind == ErrorKind.Internal)
        {
            // The type and stack say where; the message may quote input, so it is not logged.
            Log.Unexpected(logger, exception);
        }
        else
        {
            Log.RequestRejected(logger, "rest", error.Code, error.Kind);
        }
    }
}
