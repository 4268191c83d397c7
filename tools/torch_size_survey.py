#!/usr/bin/python3
"""Whether torchvision 0.14 runs a forward of each model at each input size (the survey behind
dnnbench's --input-size rules).

Each model is built as tools/torch_dispatch_macs.py builds it at that size (weights=None, no init;
ViTs with image_size=S, MaxViT with input_size=(S, S)) and runs one zero image of S x S at batch 1
under no_grad. Prints model,size,ok or model,size,error: <first line of the error>.

  /usr/bin/python3 tools/torch_size_survey.py swin_t maxvit_t              # at the default sizes list
  /usr/bin/python3 tools/torch_size_survey.py --sizes 160,256 vgg16 alexnet
  /usr/bin/python3 tools/torch_size_survey.py --pairs swin_t:256 vit_h_14:320
"""
import sys

import torch
from torchvision import models

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from torch_dispatch_macs import builder_kwargs  # noqa: E402  (also silences weight init)

SIZES = [160, 256, 288, 320, 384, 448, 512]


def runs(name, s):
    try:
        m = models.get_model(name, weights=None, **builder_kwargs(name, (s, s))).eval()
        with torch.no_grad():
            y = m(torch.zeros(1, 3, s, s))
        return f"ok {tuple(y.shape[1:])}"
    except Exception as e:  # noqa: BLE001 - the survey records every refusal as it is
        return "error: " + (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


def main(argv):
    torch.set_num_threads(2)
    sizes = SIZES
    pairs = []
    if argv[:1] == ["--sizes"]:
        sizes = [int(x) for x in argv[1].split(",")]
        argv = argv[2:]
    if argv[:1] == ["--pairs"]:
        pairs = [(p.split(":")[0], int(p.split(":")[1])) for p in argv[1:]]
    else:
        pairs = [(n, s) for n in argv for s in sizes]
    for name, s in pairs:
        print(f"{name},{s},{runs(name, s)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
