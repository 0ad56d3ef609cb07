using System.Collections.Concurrent;
using FhirMedGemma.Api.ErrorHandling;
using FhirMedGemma.Api.Limits;
using FhirMedGemma.Api.Telemetry;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Fhir.Async;

/// <summary>
/// In-memory store of asynchronous jobs (FHIR asynchronous request pattern). Jobs run on the thread pool with their own
/// cancellation (DELETE, or shutdown), not the request's; finished jobs are dropped after Limits:AsyncJobRetentionMinutes.
/// </summary>
/// <remarks>Single-instance only: a job is visible on the replica that started it.</remarks>
internal sealed class AsyncJobStore(
    TimeProvider time, IOptions<LimitsOptions> limits, IHostApplicationLifetime lifetime, ILogger<AsyncJobStore> logger)
{
    private readonly ConcurrentDictionary<string, AsyncJob> _jobs = new(StringComparer.Ordinal);

    public AsyncJob Start(string operation, Func<CancellationToken, Task<Resource>> work)
    {
        Sweep();
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var job = new AsyncJob(Guid.NewGuid().ToString("N"), operation, cancellation, time.GetUtcNow());
        _jobs[job.Id] = job;
        Log.JobAccepted(logger, job.Id, operation);
        _ = Task.Run(() => RunAsync(job, work), CancellationToken.None);
        return job;
    }

    public AsyncJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Cancels a running job, or forgets a finished one. Returns false when there is no such job.</summary>
    public bool Delete(string id)
    {
        if (!_jobs.TryRemove(id, out var job))
        {
            return false;
        }

        job.Cancel(time.GetUtcNow());
        job.Cancellation.Cancel();
        return true;
    }

    private async Task RunAsync(AsyncJob job, Func<CancellationToken, Task<Resource>> work)
    {
        try
        {
            var result = await work(job.Cancellation.Token).ConfigureAwait(false);
            job.Complete(result, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            job.Cancel(time.GetUtcNow());
        }
#pragma warning disable CA1031 // A background job must record any failure as its result instead of crashing the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var error = ErrorClassifier.Classify(ex);
            if (error.Kind == ErrorKind.Internal)
            {
                Log.Unexpected(logger, ex);
            }

            job.Fail(error, time.GetUtcNow());
        }

        Log.JobFinished(logger, job.Id, job.State);
    }

    private void Sweep()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(limits.Value.AsyncJobRetentionMinutes);
        foreach (var (id, job) in _jobs)
        {
            if (job.Finished is { } finished && finished < cutoff && _jobs.TryRemove(id, out var removed))
            {
                removed.Cancellation.Dispose();
            }
        }
    }
}
