#!/usr/bin/env bash
# Accuracy pipeline vs engine alone: images/s on the same model (see PipelineBench.java).
# Usage: bench/accuracy-pipeline/run.sh [MODEL.onnx] [IMAGES] [BATCH] [ENGINE_THREADS] [DECODE_THREADS] [ROUNDS]
# Without MODEL, exports torchvision's ResNet-50 (random weights: speed does not depend on them)
# with Debian's python3-torch; the product itself never needs Python.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
model="${1:-}"
if [[ -z "$model" ]]; then
  model="${TMPDIR:-/tmp}/dnnbench-bench-resnet50.onnx"
  [[ -f "$model" ]] || /usr/bin/python3 - "$model" <<'PY'
import sys, torch, torchvision
net = torchvision.models.resnet50(weights=None).eval()
torch.onnx.export(net, torch.zeros(1, 3, 224, 224), sys.argv[1], opset_version=13,
                  input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
PY
fi
cores="$(nproc)"
(cd "$root" && mvn -q -B -o compile && mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null)
exec java -cp "$root/target/classes:$(cat "$root/target/bench.cp")" "$here/PipelineBench.java" \
  "$model" "${2:-256}" "${3:-16}" "${4:-$cores}" "${5:-1}" "${6:-3}"
