#!/usr/bin/env bash
# dnnbench (ONNX Runtime) vs PyTorch CPU on the same architectures, same thread count, the study's
# method (10 warm-up, 10 timed, no-grad), printing mean time per batch and the ratio
# dnnbench/PyTorch per case. Target: ratio <= 0.6. A model missing from dnnbench's catalog is taken
# from torchvision through ONNX (bench/torch_export.py), so both sides run the same graph.
# Usage: bench/vs_pytorch.sh [THREADS] [MODELS...]   (needs /usr/bin/python3 with torch/torchvision)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
threads="${1:-$(nproc)}"; shift || true
models=("$@"); [[ ${#models[@]} -gt 0 ]] || models=(resnet50 mobilenet_v2 vgg16 densenet121)
torchpy="${TORCH_PYTHON:-/usr/bin/python3}"
mkdir -p bench/out
catalog="$(./dnnbench models --format csv | cut -d, -f1)"
printf '%-14s %5s %14s %14s %8s %s\n' model batch dnnbench_ms pytorch_ms ratio source
for m in "${models[@]}"; do
  if grep -qx "$m" <<<"$catalog"; then src="$m"; how=catalog
  else src="bench/out/tv_$m.onnx"; how=torchvision-onnx
       [[ -f "$src" ]] || "$torchpy" bench/torch_export.py "$m" "$src" >/dev/null 2>&1; fi
  for b in 1 8; do
    d=$(./dnnbench bench "$src" --batch "$b" --warmup 10 --runs 10 --threads "$threads" --no-peak --no-store --format json \
        | "$torchpy" -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["ms_per_batch"]["mean"])')
    p=$("$torchpy" bench/torch_time.py "$m" "$b" "$threads" 10 10 | "$torchpy" -c 'import json,sys; print(json.load(sys.stdin)["mean_ms"])')
    "$torchpy" -c "print('%-14s %5d %14.2f %14.2f %8.3f %s' % ('$m', $b, $d, $p, $d / $p, '$how'))"
  done
done
