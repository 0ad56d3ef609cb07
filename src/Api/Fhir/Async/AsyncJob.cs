using FhirMedGemma.Api.ErrorHandling;
using Hl7.Fhir.Model;

namespace FhirMedGemma.Api.Fhir.Async;

/// <summary>One operation run with <c>Prefer: respond-async</c>: its state, its result or error, and how to cancel it.</summary>
internal sealed class AsyncJob(string id, string operation, CancellationTokenSource cancellation, DateTimeOffset created)
{
    public string Id { get; } = id;

    public string Operation { get; } = operation;

    public DateTimeOffset Created { get; } = created;

    public AsyncJobState State { get; private set; } = AsyncJobState.Running;

    public Resource? Result { get; private set; }

    public ServiceError? Error { get; private set; }

    public DateTimeOffset? Finished { get; private set; }

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public void Complete(Resource result, DateTimeOffset now) => Finish(AsyncJobState.Completed, now, result: result);

    public void Fail(ServiceError error, DateTimeOffset now) => Finish(AsyncJobState.Failed, now, error: error);

    public void Cancel(DateTimeOffset now) => Finish(AsyncJobState.Cancelled, now);

    private void Finish(AsyncJobState state, DateTimeOffset now, Resource? result = null, ServiceError? error = null)
    {
        lock (this)
        {
            if (State != AsyncJobState.Running)
            {
                return;
            }

            (State, Result, Error, Finished) = (state, result, error, now);
        }
    }
}

/// <summary>Where an asynchronous job stands.</summary>
internal enum AsyncJobState
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
