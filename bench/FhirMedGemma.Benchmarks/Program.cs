using BenchmarkDotNet.Running;
using FhirMedGemma.Benchmarks.Engine;

// `engine`: the engine's interleaved side-by-side harness (bench/README.md, Engine). Everything else: BenchmarkDotNet.
if (args is ["engine", .. var engineArgs])
{
    return await EngineSideBySide.RunAsync(engineArgs);
}

// Each suite reports ratios against a baseline measured side by side in the same run; see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
