using Microsoft.ML.OnnxRuntime;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>Creates ONNX Runtime sessions for the configured execution provider; load failures name the graph file.</summary>
internal sealed class OnnxSessionFactory
{
    /// <summary>What a CPU build says when CUDA is asked for.</summary>
    internal const string CudaNeedsGpuBuildMessage =
        "Inference:Engine:ExecutionProvider is Cuda, but this build uses the CPU ONNX Runtime package (Microsoft.ML.OnnxRuntime). " +
        "Build or publish with -p:UseOnnxRuntimeGpu=true (Microsoft.ML.OnnxRuntime.Gpu), install CUDA 12 and cuDNN 9 on the host " +
        "(or use the CUDA container image), or set Inference:Engine:ExecutionProvider to Cpu.";

    private readonly OnnxEngineOptions _options;

    public OnnxSessionFactory(OnnxEngineOptions options)
    {
        _options = options;
        EnsureProviderAvailable(options.ExecutionProvider);
    }

    /// <summary>True when CUDA was requested and compiled in: KV tensors then live in device memory.</summary>
    public bool UsesDevice => _options.ExecutionProvider == EngineExecutionProvider.Cuda;

    /// <summary>Fails fast, before any file is read, when the build cannot run the requested provider.</summary>
    public static void EnsureProviderAvailable(EngineExecutionProvider provider)
    {
#if !ONNXRUNTIME_GPU
        if (provider == EngineExecutionProvider.Cuda)
        {
            throw new NotSupportedException(CudaNeedsGpuBuildMessage);
        }
#endif
    }

    /// <summary>Memory where the decoder writes KV tensors: the GPU for CUDA, else the CPU.</summary>
    public OrtMemoryInfo CreateKvMemoryInfo() => UsesDevice
        ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, _options.CudaDeviceId, OrtMemType.Default)
        : OrtMemoryInfo.DefaultInstance;

    public InferenceSession Create(string path, string relativeName)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = _options.IntraOpNumThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
#if ONNXRUNTIME_GPU
            if (UsesDevice)
            {
                sessionOptions.AppendExecutionProvider_CUDA(_options.CudaDeviceId);
            }
#endif
            return new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (UsesDevice && ex.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(
                $"{relativeName}: the CUDA execution provider could not start on device {_options.CudaDeviceId}; install CUDA 12 and cuDNN 9 " +
                "matching Microsoft.ML.OnnxRuntime.Gpu, or set Inference:Engine:ExecutionProvider to Cpu", ex);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{relativeName}: ONNX Runtime cannot load the graph ({FirstLine(ex.Message)})", ex);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
