#!/usr/bin/env python3
"""PyTorch reference for the training-speed numbers in docs/training.md.

Builds the same two nets as `atelier train --arch simple|resnet` (same layers, same parameter counts,
95,466 and 309,354) and times full SGD training steps (forward, cross-entropy, backward, SGD with
momentum 0.9 and weight decay 5e-4) on one synthetic batch, so that the engine's kernels are the only
thing compared. With --profile it also prints libtorch's per-op table, which lines up op by op with
the trace of the same step in atelier (JniUtils.startProfile/stopProfile).

    /usr/bin/python3 docs/bench/pytorch_train_reference.py resnet --threads 2 --steps 10 [--profile]
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, stride=1, kernel=3, relu=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.residual = nn.Sequential(conv_bn(cin, cout, stride), conv_bn(cout, cout, relu=False))
        project = stride != 1 or cin != cout
        self.shortcut = conv_bn(cin, cout, stride, kernel=1, relu=False) if project else None

    def forward(self, x):
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.relu(self.residual(x) + skip)


class ConcatPool(nn.Module):
    def forward(self, x):
        return torch.cat([F.adaptive_avg_pool2d(x, 1), F.adaptive_max_pool2d(x, 1)], 1)


def build(arch, width=32, classes=10):
    if arch == "simple":
        body = [conv_bn(1, width), nn.MaxPool2d(2), conv_bn(width, 2 * width), nn.MaxPool2d(2),
                conv_bn(2 * width, 4 * width)]
    else:
        body = [conv_bn(1, width), BasicBlock(width, width, 1), BasicBlock(width, 2 * width, 2),
                BasicBlock(2 * width, 4 * width, 2)]
    return nn.Sequential(*body, ConcatPool(), nn.Flatten(), nn.Linear(8 * width, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("arch", choices=["simple", "resnet"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--profile", action="store_true")
    a = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    net = build(a.arch)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(a.batch_size, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch_size,))

    def step():
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    dt = (time.perf_counter() - t0) / a.steps
    params = sum(t.numel() for t in net.parameters())
    print(f"torch {torch.__version__} {a.arch} ({params:,} parameters), {a.threads} threads, batch {a.batch_size}: "
          f"{dt * 1000:.0f} ms/step, {a.batch_size / dt:.0f} images/s")
    if a.profile:
        with torch.profiler.profile() as prof:
            for _ in range(3):
                step()
        print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=20))


if __name__ == "__main__":
    main()
