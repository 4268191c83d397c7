#!/usr/bin/python3
"""A small real-photo classification task and a PyTorch classifier for it, for dnnbench's
accuracy-cost test (fp32 vs int8 on the same images).

Photos: the seven that Debian's `darknet` package ships in /usr/share/darknet/data (dog, eagle,
giraffe, horses, kite, person, scream). Each photo is one class; its images are random crops
(any position, mirrored or not) resized to 96x96: `--train` per class to train on (30-80% of the
shorter side), `--val` per class to evaluate on (other crops, another seed, closer: 15-40%), saved
as PNG, so that the task is not trivial.

Classifier: conv 3x3 (16) - BN - ReLU - max pool, conv 3x3 (32) - BN - ReLU - max pool, conv 3x3
(64) - BN - ReLU, global average pool, fully connected to 7; 64x64 inputs preprocessed as dnnbench
does for an ONNX file (shorter side to floor(64 / 0.875) = 73 with PIL's antialiased bilinear
filter, centre crop 64, /255, ImageNet mean/std). Trained with Adam on CPU, exported to ONNX
(opset 13, batch symbolic) with BatchNormalization kept (training=PRESERVE, so the quantizer folds
it). Writes OUT/val/<class>/*.png, OUT/labels.txt (class folders in output order),
OUT/photo_cnn.onnx, and prints one JSON line: PyTorch's own top-1 on the val images (the
independent number dnnbench's fp32 top-1 is checked against), and counts.

Usage: /usr/bin/python3 tools/photo_classifier.py OUT [--photos DIR] [--train 40] [--val 30]
"""
import argparse
import json
import os
import random
import sys

import torch
from PIL import Image
from torch import nn

CLASSES = ["dog", "eagle", "giraffe", "horses", "kite", "person", "scream"]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def crops(photo, n, rng, lo, hi):
    out = []
    w, h = photo.size
    short = min(w, h)
    for _ in range(n):
        side = int(short * rng.uniform(lo, hi))
        x = rng.randint(0, w - side)
        y = rng.randint(0, h - side)
        c = photo.crop((x, y, x + side, y + side)).resize((96, 96), Image.BILINEAR)
        if rng.random() < 0.5:
            c = c.transpose(Image.FLIP_LEFT_RIGHT)
        out.append(c)
    return out


def preprocess(img):
    """dnnbench's preprocessing of an ONNX file with a 64x64 input (ImageNet's crop ratio)."""
    s = int(64 / 0.875 + 1e-9)  # 73
    w, h = img.size
    if w <= h:
        nw, nh = s, int(s * h / w)
    else:
        nw, nh = int(s * w / h), s
    img = img.convert("RGB").resize((nw, nh), Image.BILINEAR)
    left = round((nw - 64) / 2)
    top = round((nh - 64) / 2)
    img = img.crop((left, top, left + 64, top + 64))
    t = torch.tensor(list(img.getdata()), dtype=torch.float32).view(64, 64, 3).permute(2, 0, 1)
    t = t / 255.0
    return (t - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)


def model():
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

    return nn.Sequential(
        *block(3, 16),
        nn.MaxPool2d(2),
        *block(16, 32),
        nn.MaxPool2d(2),
        *block(32, 64),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(64, len(CLASSES)),
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--photos", default="/usr/share/darknet/data")
    ap.add_argument("--train", type=int, default=40)
    ap.add_argument("--val", type=int, default=30)
    ap.add_argument("--epochs", type=int, default=8)
    a = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    missing = [c for c in CLASSES if not os.path.isfile(os.path.join(a.photos, c + ".jpg"))]
    if missing:
        print("no photos %s in %s (apt install darknet)" % (missing, a.photos), file=sys.stderr)
        sys.exit(3)
    photos = [Image.open(os.path.join(a.photos, c + ".jpg")).convert("RGB") for c in CLASSES]
    train_rng = random.Random(1)
    val_rng = random.Random(2)
    xs, ys = [], []
    for k, p in enumerate(photos):
        for c in crops(p, a.train, train_rng, 0.3, 0.8):
            xs.append(preprocess(c))
            ys.append(k)
    x = torch.stack(xs)
    y = torch.tensor(ys)
    val = []
    for k, p in enumerate(photos):
        d = os.path.join(a.out, "val", CLASSES[k])
        os.makedirs(d, exist_ok=True)
        for i, c in enumerate(crops(p, a.val, val_rng, 0.15, 0.4)):
            f = os.path.join(d, "%s_%03d.png" % (CLASSES[k], i))
            c.save(f)
            val.append((f, k))
    with open(os.path.join(a.out, "labels.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(a.epochs):
        net.train()
        perm = torch.randperm(len(y))
        for i in range(0, len(y), 32):
            idx = perm[i : i + 32]
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        vx = torch.stack([preprocess(Image.open(f)) for f, _ in val])
        vy = torch.tensor([k for _, k in val])
        logits = net(vx)
        top1 = (logits.argmax(1) == vy).float().mean().item() * 100
        top5 = (logits.topk(5, 1).indices == vy.view(-1, 1)).any(1).float().mean().item() * 100
        train_top1 = (net(x).argmax(1) == y).float().mean().item() * 100
    onnx_file = os.path.join(a.out, "photo_cnn.onnx")
    torch.onnx.export(
        net,
        torch.zeros(1, 3, 64, 64),
        onnx_file,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        opset_version=13,
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
    )
    print(
        json.dumps(
            {
                "classes": len(CLASSES),
                "val_images": len(val),
                "torch_top1": top1,
                "torch_top5": top5,
                "train_top1": train_top1,
                "onnx": onnx_file,
            }
        )
    )


if __name__ == "__main__":
    main()
