using FhirMedGemma.Api.ErrorHandling;

namespace FhirMedGemma.Api.Telemetry;

/// <summary>
/// Every log line of the service. Parameters are ids, codes, counts and durations only: never names, identifiers,
/// values, free text, prompts, model output or exception messages (they can quote patient data).
/// </summary>
internal static partial class Log
{
    /// <summary>Logs an unexpected exception by type and stack only: its message may quote patient data.</summary>
    public static void Unexpected(ILogger logger, Exception exception)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            UnexpectedError(logger, exception.GetType().FullName ?? "unknown", exception.StackTrace ?? string.Empty);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "FhirMedGemma serving: REST on port {HttpPort}, gRPC on port {GrpcPort}, inference mode {InferenceMode}, auth {AuthState}")]
    public static partial void Serving(ILogger logger, int httpPort, int grpcPort, string inferenceMode, string authState);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Authentication is disabled (Auth:Enabled=false): development mode, do not expose this instance")]
    public static partial void AuthDisabled(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Operation} done via {Surface}: {CitedCount} citations kept, {RemovedCount} removed, model-free {ModelFree}, {ElapsedMs} ms")]
    public static partial void SummaryDone(ILogger logger, string operation, string surface, int citedCount, int removedCount, bool modelFree, long elapsedMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Operation} done via {Surface}: {RowCount} rows, {WarningCount} warnings, model-free {ModelFree}, {ElapsedMs} ms")]
    public static partial void ExtractionDone(ILogger logger, string operation, string surface, int rowCount, int warningCount, bool modelFree, long elapsedMs);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Request rejected via {Surface}: {ErrorCode} ({Kind})")]
    public static partial void RequestRejected(ILogger logger, string surface, string errorCode, ErrorKind kind);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Unexpected {ExceptionType} at {StackTrace}")]
    public static partial void UnexpectedError(ILogger logger, string exceptionType, string stackTrace);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Request to {Path} aborted by the caller")]
    public static partial void RequestAborted(ILogger logger, string path);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "gRPC call {Method} cancelled (deadline or caller); work stopped")]
    public static partial void GrpcCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Upstream {ResourceType} fetched: {PageCount} pages, {EntryCount} entries")]
    public static partial void UpstreamFetched(ILogger logger, string resourceType, int pageCount, int entryCount);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Upstream answered {StatusCode} for a {ResourceType} request")]
    public static partial void UpstreamFailed(ILogger logger, int statusCode, string resourceType);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Persisted {ResourceType} to upstream (status {StatusCode})")]
    public static partial void Persisted(ILogger logger, string resourceType, int statusCode);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Async job {JobId} for {Operation} accepted")]
    public static partial void JobAccepted(ILogger logger, string jobId, string operation);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Async job {JobId} finished with state {State}")]
    public static partial void JobFinished(ILogger logger, string jobId, FhirMedGemma.Api.Fhir.Async.AsyncJobState state);
}
