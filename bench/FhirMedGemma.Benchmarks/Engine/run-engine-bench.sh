#!/usr/bin/env bash
# Engine benchmarks, one run: (a) engine vs a bare ONNX Runtime loop and (b) 1/4/16 concurrent requests, interleaved
# in one .NET process; then (c) transformers.js on the same files and prompts. A few minutes on 2 cores.
# Usage: bench/FhirMedGemma.Benchmarks/Engine/run-engine-bench.sh [rounds] [threads]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
rounds="${1:-7}"
threads="${2:-2}"
cd "$root"
bash eng/fetch-gemma-tokenizer.sh
dotnet run -c Release --project bench/FhirMedGemma.Benchmarks -- engine "$rounds" "$threads"
( cd bench/transformersjs && npm ci --no-audit --no-fund --silent && node bench.mjs "$rounds" "$threads" )
