using FhirMedGemma.Inference.Engine;

namespace FhirMedGemma.Inference.Tests.Engine;

public sealed class AdmissionAndCancellationTests
{
    private static GenerationRequest Endless(ReferenceCase c) => new(c.InputIds, [], 4000, SamplingParameters.Greedy);

    [Fact]
    public async Task CancellingMidStream_FreesTheOnlySlotForTheNextRequest()
    {
        var reference = GenerationReference.Case("text_short");
        await using var engine = EngineFactory.Create(maxConcurrent: 1, maxQueued: 0);
        using var cts = new CancellationTokenSource();
        var received = new List<int>();

        var reading = async () =>
        {
            await foreach (var id in engine.GenerateAsync(Endless(reference), cts.Token))
            {
                received.Add(id);
                if (received.Count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        };

        await reading.Should().ThrowAsync<OperationCanceledException>();
        received.Should().Equal(reference.ExpectedNewIds.Take(3));

        // With one slot and no queue, this is refused unless the cancelled sequence gave its slot back.
        var next = await EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference)));
        next.Should().Equal(reference.ExpectedNewIds);
    }

    [Fact]
    public async Task SlotsAndQueueFull_NextRequestGetsCapacityExceeded()
    {
        var reference = GenerationReference.Case("text_short");
        await using var engine = EngineFactory.Create(maxConcurrent: 1, maxQueued: 1);
        using var cts = new CancellationTokenSource();
        var running = engine.GenerateAsync(Endless(reference), cts.Token).GetAsyncEnumerator(cts.Token);
        var queued = engine.GenerateAsync(Endless(reference), cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            (await running.MoveNextAsync()).Should().BeTrue();
            var queuedFirst = queued.MoveNextAsync().AsTask();

            var overflow = () => EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(reference)));

            var error = (await overflow.Should().ThrowAsync<CapacityExceededException>()).Which;
            error.ErrorCode.Should().Be(InferenceErrorCodes.ModelBusy);
            error.RetryAfter.Should().BePositive();
            await cts.CancelAsync();
            await queuedFirst.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            await cts.CancelAsync();
            await running.DisposeAsync();
            await queued.DisposeAsync();
        }
    }

    [Fact]
    public async Task DisposingTheEngineMidStream_EndsTheStreamWithObjectDisposed()
    {
        var reference = GenerationReference.Case("text_short");
        var engine = EngineFactory.Create();
        var stream = engine.GenerateAsync(Endless(reference)).GetAsyncEnumerator();
        try
        {
            (await stream.MoveNextAsync()).Should().BeTrue();

            await engine.DisposeAsync();

            var drain = async () =>
            {
                while (await stream.MoveNextAsync())
                {
                }
            };
            await drain.Should().ThrowAsync<ObjectDisposedException>();
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task PromptOverTheLimit_IsRefusedWithPromptTooLong()
    {
        var options = EngineFactory.TinyOptions();
        options.MaxPromptTokens = 100;
        await using var engine = Inference.Engine.Onnx.OnnxGenerationEngine.Create(options);

        var act = () => EngineFactory.CollectAsync(engine.GenerateAsync(EngineFactory.Greedy(GenerationReference.Case("text_long"))));

        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.PromptTooLong);
        engine.Model.MaxPromptTokens.Should().Be(100);
    }

    [Fact]
    public async Task ImageTokensWithoutPixelValues_IsRefusedAsInvalidRequest()
    {
        var reference = GenerationReference.Case("image_lab_report");
        await using var engine = EngineFactory.Create();

        var act = () => EngineFactory.CollectAsync(engine.GenerateAsync(new GenerationRequest(reference.InputIds, [], 4, SamplingParameters.Greedy)));

        (await act.Should().ThrowAsync<InvalidModelInputException>()).Which.ErrorCode.Should().Be(InferenceErrorCodes.InvalidGenerationRequest);
    }

    [Fact]
    public async Task RequestStopId_EndsTheSequenceBeforeThatId()
    {
        var reference = GenerationReference.Case("text_short");
        await using var engine = EngineFactory.Create();
        var stopAt = reference.ExpectedNewIds[4];

        var ids = await EngineFactory.CollectAsync(engine.GenerateAsync(
            new GenerationRequest(reference.InputIds, [], 24, SamplingParameters.Greedy, StopTokenIds: [stopAt])));

        ids.Should().Equal(reference.ExpectedNewIds.TakeWhile(id => id != stopAt));
    }
}
