using System.Threading.RateLimiting;
using FhirMedGemma.Inference;
using Microsoft.Extensions.Options;

namespace FhirMedGemma.Api.Limits;

/// <summary>
/// Admission control for expensive operations, shared by REST and gRPC: a bounded number run, a bounded number wait,
/// the rest are turned away with <see cref="CapacityExceededException"/> (429 / RESOURCE_EXHAUSTED), never queued forever.
/// </summary>
internal sealed class WorkAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeSpan _retryAfter;
    private readonly int _permits;
    private readonly int _queue;

    public WorkAdmission(IOptions<LimitsOptions> options)
    {
        var limits = options.Value;
        _permits = limits.MaxConcurrentRequests;
        _queue = limits.MaxQueuedRequests;
        _retryAfter = TimeSpan.FromSeconds(limits.RetryAfterSeconds);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _permits,
            QueueLimit = _queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Requests waiting for a slot now (the queue-depth metric).</summary>
    public long QueuedCount => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Slots in use now.</summary>
    public long ActiveCount => _permits - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? _permits);

    /// <summary>Waits for a slot; dispose the lease to free it. Throws when the queue is full.</summary>
    /// <exception cref="CapacityExceededException">Every slot is busy and the queue is full.</exception>
    public async ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        throw new CapacityExceededException(
            $"All {_permits} work slots and the wait queue of {_queue} are busy (Limits:MaxConcurrentRequests, Limits:MaxQueuedRequests).",
            _retryAfter);
    }

    public void Dispose() => _limiter.Dispose();
}
