"""Exports a torchvision model (random weights) to ONNX with a symbolic batch dimension, for
benchmarking the same architecture in dnnbench when the catalog lacks it.
Usage: torch_export.py MODEL OUT.onnx  (Debian's /usr/bin/python3)."""
import sys
import torch, torchvision

name, out = sys.argv[1], sys.argv[2]
kw = {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
model = getattr(torchvision.models, name)(weights=None, **kw).eval()
size = 299 if name == "inception_v3" else 224
torch.onnx.export(model, torch.randn(1, 3, size, size), out, opset_version=17,
                  input_names=["input"], output_names=["output"],
                  dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
