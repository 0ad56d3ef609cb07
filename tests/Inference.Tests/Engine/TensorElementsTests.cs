using System.Runtime.InteropServices;
using FhirMedGemma.Inference.Engine.Onnx.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Tests.Engine;

/// <summary>fp16 and bf16 exports: logits and image features convert to and from float32 correctly.</summary>
public sealed class TensorElementsTests
{
    private static readonly float[] Values = [0f, 1f, -2.5f, 0.333333f, 65504f, -1e-3f, float.NegativeInfinity];

    [Fact]
    public void Float16_RoundTrip_KeepsHalfPrecisionValues()
    {
        var raw = new byte[Values.Length * 2];
        TensorElements.FromFloat(Values, TensorElementType.Float16, raw);
        var back = new float[Values.Length];

        TensorElements.ToFloat(raw, TensorElementType.Float16, back);

        back.Should().Equal(Values.Select(v => (float)(Half)v));
    }

    [Fact]
    public void BFloat16_RoundTrip_RoundsToNearestEven()
    {
        var raw = new byte[Values.Length * 2];
        TensorElements.FromFloat(Values, TensorElementType.BFloat16, raw);
        var back = new float[Values.Length];

        TensorElements.ToFloat(raw, TensorElementType.BFloat16, back);

        back[1].Should().Be(1f);
        back[2].Should().Be(-2.5f);
        back[6].Should().Be(float.NegativeInfinity);
        back.Zip(Values).Where(p => float.IsFinite(p.Second) && p.Second != 0)
            .Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= Math.Abs(p.Second) / 256f, "bf16 keeps 8 mantissa bits");
        MemoryMarshal.Cast<byte, ushort>(raw)[1].Should().Be(0x3F80, "1.0 in bfloat16");
    }
}
