#!/usr/bin/python3
"""Parameters, MACs and output shapes of single PyTorch ops and of torchvision's ViT-B/16, the
independent reference of dnnbench's graph ops (GraphOpCountsTest).

MACs are counted at the dispatch level, as every matrix product the model executes: aten
convolution (transposed too: prod(weight) * input positions), addmm/mm (M*K*N), bmm/baddbmm
(B*M*K*N). Forward hooks on modules would miss attention's functional products.
Batch 1; shapes are printed per sample (batch dropped).
Regenerate: /usr/bin/python3 tools/torch_op_counts.py > src/test/resources/org/dnnbench/graph/torch-op-counts.csv
"""
import math
import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode

aten = torch.ops.aten


class MacCounter(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        p = func.overloadpacket
        if p is aten.convolution:
            x, w, transposed = args[0], args[1], args[6]
            positions = math.prod(x.shape[2:]) if transposed else math.prod(out.shape[2:])
            self.macs += x.shape[0] * math.prod(w.shape) * positions
        elif p in (aten.addmm,):
            a, b = args[1], args[2]
            self.macs += a.shape[0] * a.shape[1] * b.shape[1]
        elif p is aten.mm:
            a, b = args[0], args[1]
            self.macs += a.shape[0] * a.shape[1] * b.shape[1]
        elif p is aten.bmm:
            a, b = args[0], args[1]
            self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        elif p is aten.baddbmm:
            a, b = args[1], args[2]
            self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        return out


def run(name, module, *inputs):
    module.eval()
    counter = MacCounter()
    with counter:
        out = module(*inputs)
    params = sum(p.numel() for p in module.parameters() if p.requires_grad)
    shape = "x".join(str(d) for d in out.shape[1:])
    print(f"{name},{params},{counter.macs},{shape}")


class Fn(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, *xs):
        return self.f(*xs)


def main():
    torch.manual_seed(0)
    print("case,params,macs,output_shape")
    run("linear_tokens", torch.nn.Linear(768, 3072), torch.zeros(1, 197, 768))
    run("linear_vector", torch.nn.Linear(512, 1000), torch.zeros(1, 512))
    run("matmul_qk", Fn(lambda q, k: q @ k.transpose(-2, -1)),
        torch.zeros(1, 12, 197, 64), torch.zeros(1, 12, 197, 64))
    run("matmul_broadcast", Fn(torch.matmul), torch.zeros(1, 4, 5, 6, 7), torch.zeros(1, 1, 5, 7, 3))
    run("conv_transpose", torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1,
                                                     groups=2), torch.zeros(1, 4, 5, 5))
    run("conv_transpose_k2s2", torch.nn.ConvTranspose2d(64, 32, 2, stride=2), torch.zeros(1, 64, 20, 20))
    run("layer_norm", torch.nn.LayerNorm(768), torch.zeros(1, 197, 768))
    run("layer_norm_2axes", torch.nn.LayerNorm([4, 5]), torch.zeros(1, 3, 4, 5))
    run("embedding", torch.nn.Embedding(30522, 768), torch.zeros(1, 128, dtype=torch.long))
    run("prelu", torch.nn.PReLU(64), torch.zeros(1, 64, 7, 7))
    run("upsample_nearest", torch.nn.Upsample(scale_factor=2.5, mode="nearest"), torch.zeros(1, 3, 7, 9))
    run("strided_slice", Fn(lambda x: x[:, 0::2, 1::2, :]), torch.zeros(1, 7, 8, 3))
    run("adaptive_avg_pool_uneven", torch.nn.AdaptiveAvgPool2d(7), torch.zeros(1, 512, 10, 10))
    run("adaptive_avg_pool_up", torch.nn.AdaptiveAvgPool2d((7, 6)), torch.zeros(1, 8, 5, 9))
    vit = torchvision.models.vit_b_16(weights=None)
    run("vit_b_16", vit, torch.zeros(1, 3, 224, 224))


if __name__ == "__main__":
    main()
