"""Exports a tiny CNN made with PyTorch to ONNX for dnnbench's quantization tests (QdqQuantizerTest):
conv-bn-relu stem, max pool, a residual block, a concatenation of two branches, a depthwise
convolution with ReLU6, global average pool and a linear classifier; seeded weights, batch norm
with non-trivial statistics, exported in eval mode with TrainingMode.PRESERVE so that the
BatchNormalization nodes stay in the file (the quantizer must fold them itself).
Usage: /usr/bin/python3 tools/torch_tiny_cnn.py OUT.onnx  (Debian's python3-torch 1.13)."""
import sys
import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.a = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                               nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16))
        self.b1 = nn.Conv2d(16, 8, 1)
        self.b2 = nn.Conv2d(16, 8, 3, padding=1)
        self.dw = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, groups=16), nn.ReLU6())
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = self.pool(self.stem(x))
        x = torch.relu(self.a(x) + x)
        x = torch.relu(torch.cat([self.b1(x), self.b2(x)], 1))
        x = self.dw(x)
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


torch.manual_seed(0)
model = Tiny()
for m in model.modules():
    if isinstance(m, nn.BatchNorm2d):  # trained-looking statistics, so folding them matters
        m.running_mean.uniform_(-0.2, 0.2)
        m.running_var.uniform_(0.5, 2.0)
        m.weight.data.uniform_(0.5, 1.5)
        m.bias.data.uniform_(-0.2, 0.2)
model.eval()
torch.onnx.export(model, torch.randn(1, 3, 32, 32), sys.argv[1], opset_version=13,
                  training=torch.onnx.TrainingMode.PRESERVE,
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
