#!/usr/bin/python3
"""Reference MACs and parameters of torchvision 0.14 models, for cross-checking the zoo.

Counts as dnnbench's torchvision convention does: every executed Conv2d counts
kh*kw*(Cin/groups)*Cout*Hout*Wout, every Linear in*out; nothing else.
Usage: /usr/bin/python3 tools/torch_macs.py resnet50 [more ids...]   (prints id,macs,params)
Also importable: count(model, input_size) for any nn.Module (e.g. a reference port).
"""
import sys
import torch
import torchvision


def count(model, size):
    macs = [0]

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        macs[0] += kh * kw * (m.in_channels // m.groups) * out.numel() // out.shape[0]

    def linear_hook(m, inp, out):
        macs[0] += m.in_features * m.out_features

    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv_hook)
        elif isinstance(m, torch.nn.Linear):
            m.register_forward_hook(linear_hook)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return macs[0], params


if __name__ == "__main__":
    for name in sys.argv[1:]:
        kw = {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
        m = getattr(torchvision.models, name)(weights=None, **kw)
        size = 299 if name == "inception_v3" else 224
        macs, params = count(m, size)
        print(f"{name},{macs},{params}")
