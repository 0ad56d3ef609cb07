using BenchmarkDotNet.Running;

// Each suite reports ratios against a baseline measured side by side in the same run; see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
