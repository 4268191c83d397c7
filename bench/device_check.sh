#!/usr/bin/env bash
# One-shot check on a machine without Maven (e.g. a GPU box): the CUDA provider's error, a bench of
# alexnet on every core, the harness overhead vs a bare ONNX Runtime loop, and dnnbench vs PyTorch
# if torch is present. Prepare the payload first with bench/prepare_device_payload.sh (a jlink'ed
# JRE, a slim class path and BareOrt compiled, ~56 MB under bench/out/), copy the tree, then run
# bash bench/device_check.sh from the repository root.
set -u
J=java; command -v java >/dev/null 2>&1 || J=bench/out/jre/bin/java
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
echo "nproc $(nproc)  java: $(command -v java || echo carried)"; nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>&1 | head -2
PY=$(command -v python3 || true); [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
TORCH=0; [ -n "$PY" ] && $PY -c "import torch, torchvision; print('torch', torch.__version__, torchvision.__version__)" 2>/dev/null && TORCH=1
CP="target/classes:bench/out/devlib/*"
D() { $J -cp "$CP" org.dnnbench.cli.Main "$@"; }
echo "== cuda"; D bench alexnet --provider cuda --no-peak --no-store; echo "exit $?"
echo "== export"; D export alexnet -o /tmp/alexnet.onnx; echo "exit $?"
echo "== bench"; timeout 150 $J -cp "$CP" org.dnnbench.cli.Main bench alexnet --batch 1,8 --format json > $OUT/bench.json; echo "exit $?"
head -c 1500 $OUT/bench.json; grep -E '"(status|valid|images_per_s|gflops_per_s|efficiency|peak_rss_mb|mean|median)"' $OUT/bench.json | head -40
echo "== overhead"
for r in 1 2 3; do
  D bench /tmp/alexnet.onnx --batch 1 --warmup 10 --runs 30 --no-peak --no-store --format json > $OUT/ovh-d-$r.json
  $J -cp "bench/out/devclasses:bench/out/devlib/*" BareOrt /tmp/alexnet.onnx 1 10 30 $(nproc) > $OUT/ovh-b-$r.json
  grep -A3 '"ms_per_batch"' $OUT/ovh-d-$r.json | tr -d '\n '; echo; cat $OUT/ovh-b-$r.json
done
if [ "$TORCH" = 1 ]; then
  echo "== pytorch"
  for m in resnet50 mobilenet_v2 vgg16 densenet121; do
    timeout 120 $PY bench/torch_export.py $m /tmp/tv_$m.onnx >/dev/null 2>&1 || { echo "export $m failed"; continue; }
    for b in 1 8; do
      d=$(timeout 120 $J -cp "$CP" org.dnnbench.cli.Main bench /tmp/tv_$m.onnx --batch $b --warmup 10 --runs 10 --no-peak --no-store --format json | $PY -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["ms_per_batch"]["mean"])')
      p=$(timeout 120 $PY bench/torch_time.py $m $b $(nproc) 10 10 | $PY -c 'import json,sys; print(json.load(sys.stdin)["mean_ms"])')
      echo "$m b$b dnnbench $d ms pytorch $p ms ratio $($PY -c "print(round($d/$p,3))")"
    done
  done
fi
echo done
