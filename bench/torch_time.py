"""Times a torchvision model in PyTorch as the study did: eval mode, no_grad, 10 warm-up runs,
then timed runs; prints one JSON line. Usage: torch_time.py MODEL BATCH THREADS [WARMUP] [RUNS]
(run with Debian's /usr/bin/python3, which has torch 1.13 and torchvision 0.14)."""
import json, sys, time
import torch, torchvision

name, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 10
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 10
torch.set_num_threads(threads)
torch.manual_seed(42)
kw = {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
model = getattr(torchvision.models, name)(weights=None, **kw).eval()
size = 299 if name == "inception_v3" else 224
x = torch.randn(batch, 3, size, size)
with torch.no_grad():
    for _ in range(warmup):
        model(x)
    t = []
    for _ in range(runs):
        s = time.perf_counter()
        model(x)
        t.append((time.perf_counter() - s) * 1e3)
t.sort()
print(json.dumps({"model": name, "batch": batch, "threads": threads, "mean_ms": sum(t) / len(t),
                  "median_ms": (t[(runs - 1) // 2] + t[runs // 2]) / 2, "min_ms": t[0]}))
