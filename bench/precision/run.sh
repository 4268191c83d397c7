#!/usr/bin/env bash
# int8 vs fp32 speed, side by side in one run (see PrecisionBench.java).
# Usage: bench/precision/run.sh [MODELS] [BATCHES] [ROUNDS] [WARMUP] [RUNS] [THREADS] [PRECISIONS]
# Default: resnet50,mobilenet_v2,resnet18 at batch 1,8; 3 rounds of 3 warm-up + 10 timed runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
models="${1:-resnet50,mobilenet_v2,resnet18}"; batches="${2:-1,8}"; rounds="${3:-3}"
warmup="${4:-3}"; runs="${5:-10}"; threads="${6:-$(nproc)}"; precisions="${7:-fp32,int8}"
./dnnbench --version >/dev/null # builds the jar once
echo "before: $(uptime)"; grep -m1 'model name' /proc/cpuinfo || true
java -cp "target/dnnbench.jar:target/lib/*" bench/precision/PrecisionBench.java \
  "$models" "$batches" "$rounds" "$warmup" "$runs" "$threads" "$precisions"
echo "after: $(uptime)"
