#!/usr/bin/python3
"""Layer-by-layer reference of torchvision 0.14 models: every Conv2d and Linear module's name,
output shape, trainable parameters and MACs, for checking the zoo's builders node by node (the
zoo names its nodes after torchvision's modules).

Runs each model as tools/torch_dispatch_macs.py does (weights=None, no-op init, 'meta' device, the
default weights' input size) with forward hooks on Conv2d and Linear modules; MACs are
kh*kw*(Cin/groups)*Cout*Hout*Wout and in*out.

Usage:
  /usr/bin/python3 tools/torch_layers.py              # writes the fixture below for MODELS
  /usr/bin/python3 tools/torch_layers.py regnet_y_400mf    # prints that model's rows
Writes src/test/resources/org/dnnbench/zoo/torchvision-layers.csv
"""
import csv
import os
import sys

import torch
from torchvision import models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_dispatch_macs as tdm  # noqa: E402  (also makes torch.nn.init a no-op)

OUT = os.path.join(tdm.ROOT, "src/test/resources/org/dnnbench/zoo/torchvision-layers.csv")

# one or two members of each later convolutional family (the counts test covers every member)
MODELS = [
    "resnext50_32x4d",
    "wide_resnet50_2",
    "regnet_x_400mf",
    "regnet_y_400mf",
    "regnet_y_128gf",
    "mnasnet0_5",
    "mnasnet1_3",
    "shufflenet_v2_x0_5",
    "shufflenet_v2_x2_0",
    "mobilenet_v3_small",
    "mobilenet_v3_large",
    "efficientnet_b0",
    "efficientnet_b7",
    "efficientnet_v2_s",
]


def layers(name):
    size = tdm.default_weights(name).transforms().crop_size[0]
    model = models.get_model(name, weights=None, **tdm.builder_kwargs(name)).eval()
    rows = []

    def hook(module_name):
        def f(m, inp, out):
            params = sum(p.numel() for p in m.parameters() if p.requires_grad)
            if isinstance(m, torch.nn.Conv2d):
                kh, kw = m.kernel_size
                macs = kh * kw * (m.in_channels // m.groups) * out.numel() // out.shape[0]
            else:
                macs = m.in_features * m.out_features
            rows.append(
                {
                    "model": name,
                    "module": module_name,
                    "type": type(m).__name__,
                    "output_shape": "x".join(str(d) for d in out.shape[1:]),
                    "params": params,
                    "macs": macs,
                }
            )

        return f

    for module_name, m in model.named_modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook(module_name))
    model = model.to("meta")
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size, device="meta"))
    return rows


def main(argv):
    names = argv or MODELS
    rows = [r for n in names for r in layers(n)]
    if argv:
        for r in rows:
            print(",".join(str(v) for v in r.values()))
        return
    with open(OUT, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
