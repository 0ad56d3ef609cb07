using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>The floating-point element types a MedGemma export may use (fp32, fp16, bf16) and conversions to float32.</summary>
internal static class TensorElements
{
    public static bool IsSupportedFloat(TensorElementType type) =>
        type is TensorElementType.Float or TensorElementType.Float16 or TensorElementType.BFloat16;

    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Int64 => 8,
        TensorElementType.Int32 => 4,
        _ => throw new NotSupportedException($"Element type {type} is not supported."),
    };

    /// <summary>Converts <paramref name="source"/> (raw elements of <paramref name="type"/>) into float32.</summary>
    public static void ToFloat(ReadOnlySpan<byte> source, TensorElementType type, Span<float> destination)
    {
        switch (type)
        {
            case TensorElementType.Float:
                MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
                break;
            case TensorElementType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)halves[i];
                }

                break;
            case TensorElementType.BFloat16:
                var bits = MemoryMarshal.Cast<byte, ushort>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(bits[i] << 16);
                }

                break;
            default:
                throw new NotSupportedException($"Element type {type} is not a float type.");
        }
    }

    /// <summary>Converts float32 <paramref name="source"/> into raw elements of <paramref name="type"/>.</summary>
    public static void FromFloat(ReadOnlySpan<float> source, TensorElementType type, Span<byte> destination)
    {
        switch (type)
        {
            case TensorElementType.Float:
                source.CopyTo(MemoryMarshal.Cast<byte, float>(destination));
                break;
            case TensorElementType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(destination);
                for (var i = 0; i < source.Length; i++)
                {
                    halves[i] = (Half)source[i];
                }

                break;
            case TensorElementType.BFloat16:
                var bits = MemoryMarshal.Cast<byte, ushort>(destination);
                for (var i = 0; i < source.Length; i++)
                {
                    bits[i] = ToBFloat16(source[i]);
                }

                break;
            default:
                throw new NotSupportedException($"Element type {type} is not a float type.");
        }
    }

    /// <summary>Round-to-nearest-even truncation of float32 to bfloat16 (NaN kept quiet).</summary>
    private static ushort ToBFloat16(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
