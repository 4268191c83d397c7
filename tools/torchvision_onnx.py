"""Exports torchvision 0.14 classification models (weights=None) to ONNX opset 17 at their default
input size, for dnnbench's import tests (TorchvisionImportTest): batch symbolic, batch norm kept
(training=TrainingMode.PRESERVE) or folded (eval, torch's default).
Usage: /usr/bin/python3 tools/torchvision_onnx.py OUT_DIR preserve|eval MODEL [MODEL ...]
Writes OUT_DIR/MODEL.MODE.onnx; models that exist already are skipped."""
import os
import sys
import warnings

import torch
import torchvision

warnings.filterwarnings("ignore")
# Swin V2 zeroes part of its qkv bias with Tensor.zero_(), which torch 1.13 cannot export: x * 0
torch.onnx.register_custom_op_symbolic(
    "aten::zero", lambda g, x: g.op("Mul", x, g.op("Constant", value_t=torch.tensor(0.0))), 17)
out, mode, names = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
SIZES = {"inception_v3": 299, "efficientnet_b1": 240, "efficientnet_b2": 288, "efficientnet_b3": 300,
         "efficientnet_b4": 380, "efficientnet_b5": 456, "efficientnet_b6": 528, "efficientnet_b7": 600,
         "efficientnet_v2_s": 384, "efficientnet_v2_m": 480, "efficientnet_v2_l": 480,
         "vit_h_14": 224, "swin_v2_t": 256, "swin_v2_s": 256, "swin_v2_b": 256}
for name in names:
    path = os.path.join(out, name + "." + mode + ".onnx")
    if os.path.exists(path):
        continue
    kw = {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
    model = getattr(torchvision.models, name)(weights=None, **kw).eval()
    size = SIZES.get(name, 224)
    training = torch.onnx.TrainingMode.PRESERVE if mode == "preserve" else torch.onnx.TrainingMode.EVAL
    # without torch.no_grad(): the fused attention kernel of ViT has no ONNX symbolic.
    # Swin, MaxViT: with constant folding torch replaces the relative position bias table (a parameter)
    # by its gathered [heads, 49, 49] copy, and Swin V2 its bias MLP by the MLP's output, so the
    # file would no longer hold those parameters (nor V2's MLP products): export them unfolded.
    tmp = "%s.%d.tmp" % (path, os.getpid())  # two exporters may meet on one model
    torch.onnx.export(model, torch.randn(1, 3, size, size), tmp, opset_version=17,
                      training=training, do_constant_folding=not name.startswith(("swin", "maxvit")),
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    os.replace(tmp, path)
    print(name, "ok", flush=True)
