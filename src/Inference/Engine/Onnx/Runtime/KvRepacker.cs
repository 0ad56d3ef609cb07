using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>
/// Builds a new batched KV cache from rows of existing ones when the batch changes (a sequence joins or leaves). This is
/// the only time KV bytes move: between steps the decoder's outputs are fed back as they are. The copy is native to
/// native (never through managed arrays); with CUDA the rows are staged through host memory with
/// <see cref="OrtEnv.CopyTensors"/>, once per membership change, not per token.
/// </summary>
internal sealed class KvRepacker(TensorElementType elementType, int kvHeads, int headDim, OrtAllocator? deviceAllocator)
{
    private readonly int _elementSize = TensorElements.SizeOf(elementType);

    public KvCache Repack(IReadOnlyList<KvRow> rows, int tensorCount)
    {
        var length = rows.Max(r => r.RealLength);
        var tensors = new OrtValue[tensorCount];
        try
        {
            for (var t = 0; t < tensorCount; t++)
            {
                tensors[t] = RepackTensor(rows, t, length);
            }
        }
        catch
        {
            foreach (var tensor in tensors)
            {
                tensor?.Dispose();
            }

            throw;
        }

        return new KvCache(tensors, rows.Count, length);
    }

    private OrtValue RepackTensor(IReadOnlyList<KvRow> rows, int tensorIndex, int length)
    {
        var host = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, elementType, [rows.Count, kvHeads, length, headDim]);
        var staged = new Dictionary<KvCache, OrtValue>();
        try
        {
            var destination = host.GetTensorMutableRawData();

            // Padding must be zeros, not whatever the allocator returned: a masked NaN still poisons attention (0 × NaN).
            destination.Clear();
            var rowBytes = headDim * _elementSize;
            for (var b = 0; b < rows.Count; b++)
            {
                var row = rows[b];
                var source = HostView(row.Cache, tensorIndex, staged).GetTensorMutableRawData();
                var sourceLength = row.Cache.Length;
                for (var h = 0; h < kvHeads; h++)
                {
                    var from = ((((long)row.Row * kvHeads) + h) * sourceLength + (sourceLength - row.RealLength)) * rowBytes;
                    var to = ((((long)b * kvHeads) + h) * length + (length - row.RealLength)) * rowBytes;
                    source.Slice((int)from, row.RealLength * rowBytes).CopyTo(destination.Slice((int)to));
                }
            }

            return ToDevice(host);
        }
        finally
        {
            foreach (var copy in staged.Values)
            {
                copy.Dispose();
            }
        }
    }

    private OrtValue HostView(KvCache cache, int tensorIndex, Dictionary<KvCache, OrtValue> staged)
    {
        var tensor = cache.Tensors[tensorIndex];
        if (deviceAllocator is null)
        {
            return tensor;
        }

        if (!staged.TryGetValue(cache, out var copy))
        {
            var shape = tensor.GetTensorTypeAndShape().Shape;
            copy = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, elementType, shape);
            staged[cache] = copy;
            CopyBetweenDevices(tensor, copy);
        }

        return copy;
    }

    /// <summary>
    /// <see cref="OrtEnv.CopyTensors"/> needs the device's data transfer registered with the environment; not verified
    /// on a GPU here, so a failure says how to run without repacking (one sequence at a time never repacks).
    /// </summary>
    private static void CopyBetweenDevices(OrtValue source, OrtValue destination)
    {
        try
        {
            OrtEnv.Instance().CopyTensors([source], [destination], null);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException(
                "Moving KV rows between device and host failed while the batch changed; set Inference:Engine:MaxConcurrentSequences " +
                "to 1 (no repacking) or run on the CPU provider.", ex);
        }
    }

    private OrtValue ToDevice(OrtValue host)
    {
        if (deviceAllocator is null)
        {
            return host;
        }

        using (host)
        {
            var device = OrtValue.CreateAllocatedTensorValue(deviceAllocator, elementType, host.GetTensorTypeAndShape().Shape);
            try
            {
                CopyBetweenDevices(host, device);
            }
            catch
            {
                device.Dispose();
                throw;
            }

            return device;
        }
    }
}
