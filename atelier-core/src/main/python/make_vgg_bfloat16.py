"""Writes vgg_bfloat16.pt, the TorchScript program Bfloat16Forward runs (see its Javadoc for why).

The program holds no weights: Java passes them in, in float32, with a plan of operations, and reads back
the tapped activations in float32, so DJL never handles a bfloat16 tensor (its JNI layer cannot).

Regenerate (any PyTorch >= 1.13; Debian's python3-torch will do) from the repository root:
    cd atelier-core/src/main/python && python3 make_vgg_bfloat16.py \
        ../resources/dev/atelier/core/vgg/vgg_bfloat16.pt
"""
import sys
from typing import List

import torch
import torch.nn.functional as F

# operation codes; keep in step with Bfloat16Forward.java
CONV, RELU, MAX_POOL, AVG_POOL, AFFINE = 0, 1, 2, 3, 4


class VggBfloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor, params: List[torch.Tensor], plan: torch.Tensor,
                taps: torch.Tensor) -> List[torch.Tensor]:
        ops: List[int] = plan.tolist()
        tapped: List[int] = taps.tolist()
        h = x.to(torch.bfloat16)
        out: List[torch.Tensor] = []
        p = 0
        for i in range(len(ops)):
            op = ops[i]
            if op == 0:
                h = F.conv2d(h, params[p].to(torch.bfloat16), params[p + 1].to(torch.bfloat16), padding=1)
                p += 2
            elif op == 1:
                h = torch.relu(h)
            elif op == 2:
                h = F.max_pool2d(h, 2, 2)
            elif op == 3:
                h = F.avg_pool2d(h, 2, 2)
            elif op == 4:
                h = h * params[p].to(torch.bfloat16) + params[p + 1].to(torch.bfloat16)
                p += 2
            if tapped[i] != 0:
                out.append(h.to(torch.float32))
        return out


if __name__ == "__main__":
    torch.jit.script(VggBfloat16()).save(sys.argv[1] if len(sys.argv) > 1 else "vgg_bfloat16.pt")
