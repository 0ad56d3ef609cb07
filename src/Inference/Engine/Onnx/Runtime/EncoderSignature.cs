using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>A one-input, one-output graph (embed_tokens or vision_encoder): names and element types from the session.</summary>
internal sealed record EncoderSignature(string InputName, TensorElementType InputType, string OutputName, TensorElementType OutputType)
{
    public static EncoderSignature Read(InferenceSession session, string file, string inputName, TensorElementType? requiredInputType)
    {
        if (!session.InputMetadata.TryGetValue(inputName, out var input))
        {
            throw new ModelLoadException($"{file}: input '{inputName}' is missing (declares: {string.Join(", ", session.InputMetadata.Keys)})");
        }

        if (requiredInputType is { } required && input.ElementDataType != required)
        {
            throw new ModelLoadException($"{file}: input '{inputName}' has element type {input.ElementDataType}; expected {required}");
        }

        if (requiredInputType is null && !TensorElements.IsSupportedFloat(input.ElementDataType))
        {
            throw new ModelLoadException($"{file}: input '{inputName}' has element type {input.ElementDataType}; expected a float type");
        }

        if (session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException($"{file}: expected one input, found {session.InputMetadata.Count}");
        }

        var output = session.OutputMetadata.First();
        if (!TensorElements.IsSupportedFloat(output.Value.ElementDataType))
        {
            throw new ModelLoadException($"{file}: output '{output.Key}' has element type {output.Value.ElementDataType}; expected a float type");
        }

        return new EncoderSignature(inputName, input.ElementDataType, output.Key, output.Value.ElementDataType);
    }
}
