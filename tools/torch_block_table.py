#!/usr/bin/python3
"""Per-block parameters and MACs of torchvision 0.14 models, for checking the zoo layer by layer.

For every module of the reference definition down to a depth (dotted path components), prints its
trainable parameters (recursively) and the multiply-accumulates of every matrix product executed
while the module is running, counted at the dispatch level (aten convolution, addmm, mm, bmm,
baddbmm: attention's QK^T and AV included), one sample, at the input size of the model's
IMAGENET1K_V1 weights (ViT-H/14, which has none: IMAGENET1K_SWAG_LINEAR_V1, 224). Model built with
weights=None, eval mode, autograd on (so ViT's attention takes the unfused path torch 1.13 counts).

Containers that never run (an nn.ModuleList) are left out. The zoo names its nodes after these module paths, so a block's nodes sum to the block's row.

Usage: /usr/bin/python3 tools/torch_block_table.py [ids...] > src/test/resources/org/dnnbench/zoo/blocks-transformers.csv
Columns: id,block,params,macs
"""
import sys
from math import prod

import torch
import torchvision.models as M
from torch.utils._python_dispatch import TorchDispatchMode

aten = torch.ops.aten
IDS = ["convnext_tiny", "convnext_small", "convnext_base", "convnext_large",
       "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14",
       "swin_t", "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b", "maxvit_t"]
DEPTH = {"maxvit_t": 5}


def product_macs(func, args, out):
    p = func.overloadpacket
    if p is aten.convolution:
        return out.numel() * prod(args[1].shape[1:])
    if p is aten.addmm or p is aten.mm:
        a, b = (args[1], args[2]) if p is aten.addmm else (args[0], args[1])
        return a.shape[0] * a.shape[1] * b.shape[1]
    if p is aten.bmm or p is aten.baddbmm:
        a, b = (args[0], args[1]) if p is aten.bmm else (args[1], args[2])
        return a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
    if p in (aten.matmul, aten.einsum, aten.linear, aten._native_multi_head_attention):
        raise RuntimeError(f"{func} reached dispatch undecomposed: the count would miss it")
    return 0


class BlockCounter(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.stack = [""]
        self.ran = {""}
        self.macs = {}

    def enter(self, path):
        self.stack.append(path)
        self.ran.add(path)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        m = product_macs(func, args, out)
        if m:
            for path in set(self.stack):
                self.macs[path] = self.macs.get(path, 0) + m
        return out


def weights_of(name):
    w = M.get_model_weights(name)
    return getattr(w, "IMAGENET1K_V1", None) or w.IMAGENET1K_SWAG_LINEAR_V1


def table(name):
    size = weights_of(name).transforms().crop_size[0]
    model = getattr(M, name)(weights=None).eval()
    counter = BlockCounter()
    depth = DEPTH.get(name, 3)
    for path, mod in model.named_modules():
        if path and path.count(".") < depth:
            mod.register_forward_pre_hook(lambda m, i, p=path: counter.enter(p))
            mod.register_forward_hook(lambda m, i, o: counter.stack.pop() and None)
    with counter:
        model(torch.zeros(1, 3, size, size))
    rows = [(name, "", sum(p.numel() for p in model.parameters()), counter.macs.get("", 0))]
    for path, mod in model.named_modules():
        if path and path.count(".") < depth and path in counter.ran:
            rows.append((name, path, sum(p.numel() for p in mod.parameters()), counter.macs.get(path, 0)))
    return rows


if __name__ == "__main__":
    print("id,block,params,macs")
    for name in sys.argv[1:] or IDS:
        for row in table(name):
            print(",".join(map(str, row)), flush=True)
