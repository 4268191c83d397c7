#!/usr/bin/env bash
# Harness overhead: dnnbench's reported time per batch vs a bare ONNX Runtime loop (BareOrt.java)
# on the same exported model, alternating the two ROUNDS times in one run. Target: ratio <= 1.02.
# Usage: bench/overhead.sh [MODEL|FILE.onnx] [BATCH] [RUNS] [THREADS] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
model="${1:-alexnet}"; batch="${2:-1}"; runs="${3:-30}"; threads="${4:-$(nproc)}"; rounds="${5:-3}"
py="$(command -v python3)"
mkdir -p bench/out
if [[ "$model" == *.onnx ]]; then onnx="$model"; model="$(basename "$model" .onnx)"
else onnx="bench/out/$model.onnx"; [[ -f "$onnx" ]] || ./dnnbench export "$model" -o "$onnx" >&2; fi
./dnnbench --version >/dev/null # builds the jar once
cp="target/dnnbench.jar:target/lib/*"
for r in $(seq "$rounds"); do
  ./dnnbench bench "$onnx" --batch "$batch" --warmup 10 --runs "$runs" --threads "$threads" --no-peak --no-store --format json \
    > "bench/out/overhead-dnnbench-$r.json"
  java -cp "$cp" bench/BareOrt.java "$onnx" "$batch" 10 "$runs" "$threads" > "bench/out/overhead-bare-$r.json"
done
"$py" - "$rounds" "$model" "$batch" "$threads" <<'PY'
import json, sys, statistics
rounds, model, batch, threads = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
d_med, b_med, d_mean, b_mean, d_min, b_min = [], [], [], [], [], []
for r in range(1, rounds + 1):
    c = json.load(open(f"bench/out/overhead-dnnbench-{r}.json"))["cases"][0]
    b = json.load(open(f"bench/out/overhead-bare-{r}.json"))
    d_med.append(c["ms_per_batch"]["median"]); d_mean.append(c["ms_per_batch"]["mean"])
    b_med.append(b["median_ms"]); b_mean.append(b["mean_ms"])
    d_min.append(c["ms_per_batch"]["min"]); b_min.append(b["min_ms"])
    print(f"round {r}: dnnbench median {d_med[-1]:.3f} ms mean {d_mean[-1]:.3f} | bare median {b_med[-1]:.3f} ms mean {b_mean[-1]:.3f}")
ratio = statistics.median(d_med) / statistics.median(b_med)
print(f"{model} batch {batch} threads {threads}: overhead ratio (median of medians) = {ratio:.3f}  (target <= 1.02)")
print(f"ratio of mean times = {statistics.mean(d_mean) / statistics.mean(b_mean):.3f}")
print(f"ratio of fastest runs = {min(d_min) / min(b_min):.3f}  (least disturbed by other load)")
print("per-round ratios of medians: " + ", ".join(f"{d / b:.3f}" for d, b in zip(d_med, b_med)))
PY
