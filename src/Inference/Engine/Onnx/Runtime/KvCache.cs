using Microsoft.ML.OnnxRuntime;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>
/// The past keys and values of a batch, as the ONNX Runtime tensors the decoder produced: one
/// [batch, kv_heads, length, head_dim] tensor per <c>present.*</c> output, fed back unchanged as <c>past_key_values.*</c>.
/// Rows are left-padded: row r holds its real tokens in the last <c>realLength</c> positions.
/// </summary>
internal sealed class KvCache : IDisposable
{
    public KvCache(OrtValue[] tensors, int batch, int length)
    {
        Tensors = tensors;
        Batch = batch;
        Length = length;
    }

    public OrtValue[] Tensors { get; }

    public int Batch { get; }

    /// <summary>Padded length of the past axis.</summary>
    public int Length { get; }

    public void Dispose()
    {
        foreach (var tensor in Tensors)
        {
            tensor.Dispose();
        }
    }
}

/// <summary>One row to carry into a new batch: which cache it lives in, at which index, and how many real tokens it has.</summary>
internal readonly record struct KvRow(KvCache Cache, int Row, int RealLength);
