#!/usr/bin/python3
"""Independent MACs of torchvision 0.14's classification models, counted at the dispatch level.

Unlike tools/torch_macs.py (forward hooks on Conv2d/Linear modules, which miss functional matrix
products such as attention's QK^T and AV), this counter sees every aten operator a forward pass
executes, through torch.utils._python_dispatch.TorchDispatchMode, and counts:

  convolution            kh*kw*(Cin/groups)*Cout*Hout*Wout  (= weight.numel() * Hout*Wout)
  addmm / mm             M*K*N
  bmm / baddbmm          B*M*K*N
  matmul / einsum        never reach the dispatcher as such (CompositeImplicit: they decompose into
                         mm/bmm, which are counted); any other matrix-product-like operator aborts
                         the run so that nothing is silently left out

per image (batch 1); bias adds, normalization, pooling, activations, element-wise ops and softmax
count nothing, as in dnnbench's `torchvision` MAC convention. Models are built with weights=None in
eval mode under torch.no_grad(); nn.MultiheadAttention modules are put in training mode (their
dropout is 0 in torchvision's ViT), which keeps them off the fused
aten::_native_multi_head_attention kernel so that their matrix products are seen one by one.
Parameters are counted on the CPU module; the forward pass then runs on the 'meta' device (shapes
only, no arithmetic), and torch.nn.init is made a no-op while models are built: counts depend on
shapes alone, and this makes ViT-H/14 or RegNetY-128GF take seconds instead of minutes.

Each model runs at its default weights' input size: the crop size of its IMAGENET1K_V1 weights, or,
where a model has none (vit_h_14, regnet_y_128gf), of IMAGENET1K_SWAG_LINEAR_V1, the weights of the
weights=None definition at 224.

Usage:
  /usr/bin/python3 tools/torch_dispatch_macs.py                # writes both files below
  /usr/bin/python3 tools/torch_dispatch_macs.py resnet50 vit_b_16   # prints those models' rows
  /usr/bin/python3 tools/torch_dispatch_macs.py --size 320x256 resnet50  # ... at another size
  /usr/bin/python3 tools/torch_dispatch_macs.py --sizes        # writes the other-sizes fixture

At another size H x W, ViTs are built with image_size=H (square only: torchvision's ViT takes one
side, and its position embedding has one row per patch, so the parameters change) and MaxViT with
input_size=(H, W); every other model takes any size as it is.

Writes
  src/test/resources/org/dnnbench/zoo/torchvision-dispatch-macs.csv  (one row per model: counts)
  src/main/resources/org/dnnbench/zoo/torchvision_weights.csv        (one row per weights enum
      member: published ImageNet-1k top-1/top-5 and the weights' preprocessing)
"""
import csv
import gc
import os
import sys

import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode
from torchvision import models

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COUNTS = os.path.join(ROOT, "src/test/resources/org/dnnbench/zoo/torchvision-dispatch-macs.csv")
WEIGHTS = os.path.join(ROOT, "src/main/resources/org/dnnbench/zoo/torchvision_weights.csv")
SIZES = os.path.join(ROOT, "src/test/resources/org/dnnbench/zoo/torchvision-dispatch-macs-sizes.csv")

# (model, H, W) counted by --sizes: a few families at sizes other than their default
SIZE_CASES = [
    ("resnet50", 320, 320), ("resnet50", 320, 256), ("resnet18", 160, 160),
    ("mobilenet_v2", 160, 160), ("mobilenet_v3_large", 256, 256), ("efficientnet_b0", 300, 300),
    ("densenet121", 256, 320), ("inception_v3", 342, 342), ("regnet_y_400mf", 256, 256),
    ("shufflenet_v2_x1_0", 256, 256), ("mnasnet1_0", 256, 256), ("squeezenet1_1", 256, 256),
    ("vgg16", 448, 448), ("convnext_tiny", 288, 288), ("vit_b_16", 384, 384),
    ("vit_b_32", 320, 320), ("swin_t", 448, 448), ("swin_v2_t", 512, 512), ("maxvit_t", 448, 448),
    # uneven adaptive pools: VGG's 10x10 -> 7x7 and AlexNet's 9x9 -> 6x6 at 320, smaller maps than
    # the pool's output (5x5 and 4x4 at 160: rows repeated), a non-square one
    ("vgg16", 320, 320), ("alexnet", 320, 320), ("vgg19_bn", 256, 256), ("alexnet", 160, 160),
    ("vgg11", 160, 288),
]

IGNORED_LIKE = ("mm", "matmul", "conv", "einsum", "linear", "attention", "dot", "tensordot")


class MacCounter(TorchDispatchMode):
    """Counts the multiply-accumulates of every matrix product and convolution dispatched."""

    def __init__(self):
        super().__init__()
        self.conv = 0
        self.matmul = 0
        self.unknown = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = func.overloadpacket.__name__
        if name == "convolution":
            weight = args[1]
            transposed = args[6] if len(args) > 6 else False
            if transposed:
                self.unknown.add("transposed convolution")
            spatial = 1
            for d in out.shape[2:]:
                spatial *= d
            self.conv += weight.numel() * spatial  # batch 1
        elif name in ("addmm", "mm"):
            a = args[1] if name == "addmm" else args[0]
            b = args[2] if name == "addmm" else args[1]
            self.matmul += a.shape[0] * a.shape[1] * b.shape[1]
        elif name in ("bmm", "baddbmm"):
            a = args[1] if name == "baddbmm" else args[0]
            b = args[2] if name == "baddbmm" else args[1]
            self.matmul += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        elif any(k in name for k in IGNORED_LIKE):
            self.unknown.add(name)
        return out


def default_weights(name):
    enum = models.get_model_weights(name)
    members = {w.name: w for w in enum}
    for key in ("IMAGENET1K_V1", "IMAGENET1K_SWAG_LINEAR_V1"):
        if key in members:
            return members[key]
    raise SystemExit(f"{name}: no IMAGENET1K_V1 or IMAGENET1K_SWAG_LINEAR_V1 weights")


def builder_kwargs(name, size=None):
    if name in ("googlenet", "inception_v3"):
        return {"aux_logits": False, "init_weights": False}
    if size is not None and name.startswith("vit_"):
        if size[0] != size[1]:
            raise SystemExit(f"{name}: torchvision's ViT takes a square input, not {size}")
        return {"image_size": size[0]}
    if size is not None and name.startswith("maxvit_"):
        return {"input_size": tuple(size)}
    return {}


def _no_init(tensor, *args, **kwargs):
    return tensor


for _fn in ("uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "xavier_uniform_",
            "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_"):
    setattr(torch.nn.init, _fn, _no_init)


def count(name, hw=None):
    w = default_weights(name)
    t = w.transforms()
    size = t.crop_size[0]
    h, wd = hw if hw else (size, size)
    model = models.get_model(name, weights=None, **builder_kwargs(name, hw)).eval()
    for m in model.modules():
        if isinstance(m, torch.nn.MultiheadAttention):
            m.train()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    model = model.to("meta")
    counter = MacCounter()
    with torch.no_grad(), counter:
        out = model(torch.zeros(1, 3, h, wd, device="meta"))
    if counter.unknown:
        raise SystemExit(f"{name}: uncounted matrix-product-like operators {sorted(counter.unknown)}")
    row = {
        "id": name,
        "weights": w.name,
        "input_size": size if hw is None else f"{h}x{wd}",
        "resize_size": t.resize_size[0],
        "interpolation": t.interpolation.value,
        "params": params,
        "macs": counter.conv + counter.matmul,
        "conv_macs": counter.conv,
        "matmul_macs": counter.matmul,
        "output_shape": "x".join(str(d) for d in out.shape[1:]),
    }
    del model, out
    gc.collect()
    return row


def weights_rows(name):
    rows = []
    default = default_weights(name).name
    for w in models.get_model_weights(name):
        t = w.transforms()
        m = w.meta["_metrics"]["ImageNet-1K"]
        if m["acc@1"] != m["acc@1"]:
            continue  # NaN: weights for feature extraction (vgg16 IMAGENET1K_FEATURES), no classifier
        rows.append(
            {
                "id": name,
                "weights": w.name,
                "default": "true" if w.name == default else "false",
                "crop_size": t.crop_size[0],
                "resize_size": t.resize_size[0],
                "interpolation": t.interpolation.value,
                "mean": " ".join(str(v) for v in t.mean),
                "std": " ".join(str(v) for v in t.std),
                "top1": m["acc@1"],
                "top5": m["acc@5"],
                "num_params": w.meta["num_params"],
                "recipe": w.meta.get("recipe", ""),
            }
        )
    return rows


def write(path, rows, source):
    for r in rows:
        r["source"] = source
    with open(path, "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        wr.writeheader()
        wr.writerows(rows)


def main(argv):
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    versions = f"torch {torch.__version__}, torchvision {torchvision.__version__}"
    if argv[:1] == ["--sizes"]:
        rows = []
        for name, h, wd in SIZE_CASES:
            row = count(name, (h, wd))
            print(",".join(str(v) for v in row.values()), flush=True)
            rows.append(row)
        write(SIZES, rows, f"tools/torch_dispatch_macs.py --sizes ({versions}; weights=None; batch 1)")
        return
    hw = None
    if argv[:1] == ["--size"]:
        d = [int(x) for x in argv[1].lower().split("x")]
        hw = (d[0], d[-1])
        argv = argv[2:]
    if hw is not None:
        for name in argv:
            print(",".join(str(v) for v in count(name, hw).values()), flush=True)
        return
    names = argv or models.list_models(module=models)
    counts = []
    for name in names:
        row = count(name)
        print(",".join(str(v) for v in row.values()), flush=True)
        counts.append(row)
    if argv:
        return
    write(COUNTS, counts, f"tools/torch_dispatch_macs.py ({versions}; weights=None; batch 1)")
    write(
        WEIGHTS,
        [r for name in names for r in weights_rows(name)],
        f"tools/torch_dispatch_macs.py ({versions}; weights meta and transforms())",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
