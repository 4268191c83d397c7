#!/usr/bin/python3
"""Parameters and MACs of the study's ports at other input sizes.

The study's ports are CeLuigi/models-comparison.pytorch, its authors' fork of
Cadene/pretrained-models.pytorch (whose later master changed some heads: BN-Inception's and
Inception-v4's pool there has the map's height as window, in the fork a fixed 7x7/1 and 8x8).
They are not on this machine's package registries, so this reads a checkout of the fork
given as the first argument (its pretrainedmodels/ folder is imported from there, nothing of it is
copied here), builds each model in eval mode with pretrained=None and counts one zero image of S x S
with the dispatch-level counter of tools/torch_dispatch_macs.py (every convolution and matrix
product). Output: model,input_size,params,macs,output_shape.

Regenerate: /usr/bin/python3 tools/reference_port_sizes.py CHECKOUT \\
    > src/test/resources/org/dnnbench/zoo/reference-port-sizes.csv
"""
import importlib
import os
import sys
import types

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_dispatch_macs import MacCounter  # noqa: E402  (also silences weight init)

# (catalog id, module, constructor, side): heads that pool over the whole map in eval mode
CASES = [
    # the test-time pool: 7x7/1 average, the classifier, 0.5 x (global avg + global max)
    ("dpn68", "dpn", "dpn68", 320),
    ("dpn98", "dpn", "dpn98", 256),
]


def main(argv):
    # the packages' own __init__ files import its datasets (tqdm, munch): take the model modules alone
    for pkg in ("pretrainedmodels", "pretrainedmodels.models"):
        module = types.ModuleType(pkg)
        module.__path__ = [os.path.join(argv[0], *pkg.split("."))]
        sys.modules[pkg] = module
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    print("model,input_size,params,macs,output_shape")
    for name, mod, fn, s in CASES:
        m = importlib.import_module("pretrainedmodels.models." + mod)
        net = getattr(m, fn)(num_classes=1000, pretrained=None).eval()
        params = sum(p.numel() for p in net.parameters() if p.requires_grad)
        c = MacCounter()
        with torch.no_grad(), c:
            y = net(torch.zeros(1, 3, s, s))
        print(f"{name},{s},{params},{c.conv + c.matmul},{'x'.join(map(str, y.shape[1:]))}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
