#!/usr/bin/env bash
# Runs the engine benchmarks side by side: (a) engine vs bare ONNX Runtime loop, (b) 1/4/16 concurrent requests
# (BenchmarkDotNet, short in-process job), then (c) transformers.js on the same files. Short: a few minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
bash eng/fetch-gemma-tokenizer.sh
dotnet run -c Release --project bench/FhirMedGemma.Benchmarks -- --filter '*EngineVsBareLoop*' '*EngineConcurrency*' "$@"
( cd bench/transformersjs && npm ci --no-audit --no-fund --silent && node bench.mjs 5 2 )
