#!/usr/bin/python3
"""Writes src/test/resources/org/dnnbench/accuracy/pil_resize.txt: torchvision's evaluation resize
(PIL, bilinear and bicubic, antialiased) and centre crop of a synthetic image, for
ImagePreprocessorPilTest.

Run with Debian's python3-torchvision (torchvision 0.14, PIL):
    /usr/bin/python3 tools/pil_resize_fixture.py > src/test/resources/org/dnnbench/accuracy/pil_resize.txt

The image is a formula that the Java test computes too: value(x, y, c) =
(x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 7 + (x // 4) * 29) % 256, channels R, G, B.
Each case line is: `case <width> <height> <resize> <crop> <filter>`, then one line of
crop*crop*3 values, row-major, channels R G B per pixel.
"""
import numpy as np
import PIL
import torchvision
from PIL import Image
from torchvision import transforms as T

CASES = [
    # downscale (antialiasing widens the support), upscale, and a non-square crop offset
    (61, 47, 18, 16),
    (13, 11, 20, 16),
    (40, 90, 26, 24),
]
FILTERS = {"bilinear": T.InterpolationMode.BILINEAR, "bicubic": T.InterpolationMode.BICUBIC}


def image(w, h):
    a = np.zeros((h, w, 3), dtype=np.uint8)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                a[y, x, c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 7 + (x // 4) * 29) % 256
    return Image.fromarray(a, "RGB")


print(f"# tools/pil_resize_fixture.py: torchvision {torchvision.__version__}, PIL {PIL.__version__}")
for w, h, resize, crop in CASES:
    for name, mode in FILTERS.items():
        t = T.Compose([T.Resize(resize, interpolation=mode), T.CenterCrop(crop)])
        out = np.asarray(t(image(w, h)))
        assert out.shape == (crop, crop, 3), out.shape
        print(f"case {w} {h} {resize} {crop} {name}")
        print(" ".join(str(int(v)) for v in out.reshape(-1)))
