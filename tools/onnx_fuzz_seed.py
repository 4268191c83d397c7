"""Exports the PyTorch-made seed models of dnnbench's ONNX fuzz test (OnnxFuzzTest): a small CNN
written with torch.nn (conv, batch norm kept with TrainingMode.PRESERVE, residual add, pooling,
torch.flatten, linear) and, when named, torchvision models at their default size.
Usage: /usr/bin/python3 tools/onnx_fuzz_seed.py OUT_DIR [torchvision_model ...]"""
import os
import sys

import torch
import torchvision


class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1, groups=2)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = y + torch.relu(self.conv2(y))
        y = self.pool(y)
        return torch.softmax(self.fc(torch.flatten(y, 1)), dim=1)


def export(model, size, path):
    torch.onnx.export(model.eval(), torch.randn(1, 3, size, size), path, opset_version=17,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
export(Small(), 16, os.path.join(out, "torch_small.onnx"))
for name in sys.argv[2:]:
    export(getattr(torchvision.models, name)(weights=None), 224, os.path.join(out, name + ".onnx"))
