#!/usr/bin/python3
"""PyTorch's adaptive average pooling on small inputs, the expected values of dnnbench's export.

Each case pools a batch x C x H x W input whose element at flat index i (row-major over the whole
batch) is (i * 7919) % 1000 - 500, an integer exactly representable in float32, with
torch.nn.functional.adaptive_avg_pool2d to outH x outW, and prints the output row-major.
OnnxAdaptivePoolTest exports the same pool with dnnbench, runs it in ONNX Runtime on the same input
and compares.

Regenerate: /usr/bin/python3 tools/torch_adaptive_pool.py > src/test/resources/org/dnnbench/onnx/torch-adaptive-avg-pool.csv
"""
import torch
import torch.nn.functional as F

# name, batch, C, H, W, outH, outW
CASES = [
    ("vgg_320", 2, 3, 10, 10, 7, 7),   # VGG's pool at 320: overlapping bins of 2 and 3
    ("alexnet_320", 2, 2, 9, 9, 6, 6),  # AlexNet's at 320
    ("upsample", 2, 2, 5, 9, 7, 6),     # smaller than the output in H (VGG at 160: 5x5 -> 7x7)
    ("mixed", 1, 2, 14, 10, 7, 7),      # H divides evenly, W does not
    ("width_only", 1, 2, 7, 10, 7, 7),  # H unchanged
    ("height_only", 1, 2, 13, 6, 4, 6),  # W unchanged
]


def main():
    print("case,batch,channels,height,width,out_height,out_width,values")
    for name, n, c, h, w, oh, ow in CASES:
        i = torch.arange(n * c * h * w, dtype=torch.int64)
        x = ((i * 7919) % 1000 - 500).to(torch.float32).reshape(n, c, h, w)
        y = F.adaptive_avg_pool2d(x, (oh, ow)).reshape(-1)
        values = " ".join(f"{v:.9g}" for v in y.tolist())
        print(f"{name},{n},{c},{h},{w},{oh},{ow},{values}")


if __name__ == "__main__":
    main()
