# PyTorch 1.13 reference for `atelier bench style`: the cost of one loss evaluation (forward through
# VGG16-BN to the block ends 5,12,22,32,42, content MSE at 32, Gram style losses, backward to the
# pixels), 2 threads. Usage: python3 pytorch_style_eval.py SIZE EVALS (Debian: python3-torchvision).
import torch, torchvision, time, resource, sys
torch.set_num_threads(2)
# Random weights make deep activations tiny; without flushing, denormal floats slow PyTorch ~4x.
torch.set_flush_denormal(True)
size = int(sys.argv[1]); evals = int(sys.argv[2])
m = torchvision.models.vgg16_bn().features.eval()
for p in m.parameters(): p.requires_grad_(False)
taps = [5, 12, 22, 32, 42]
def feats(x):
    out = {}
    for i, l in enumerate(m):
        x = l(x)
        if i in taps: out[i] = x
        if i == taps[-1]: break
    return out
def gram(f):
    # as in the lesson: x = input.view(b*c, -1); torch.mm(x, x.t()) / input.numel()
    b, c, h, w = f.shape
    x = f.view(b * c, -1)
    return torch.mm(x, x.t()) / f.numel()
torch.manual_seed(0)
content = torch.rand(1, 3, size, size); style = torch.rand(1, 3, size, size)
with torch.no_grad():
    ct = feats(content)[32]; st = [gram(v) for v in feats(style).values()]
for _ in range(2): feats(content.clone().requires_grad_(True))[42].sum().backward()
x = content.clone().requires_grad_(True)
def closure():
    fs = feats(x)
    loss = torch.nn.functional.mse_loss(fs[32], ct) * 1e3 + sum(torch.nn.functional.mse_loss(gram(f), g) for f, g in zip(fs.values(), st)) * 1e6
    x.grad = None
    loss.backward()
    return loss
closure(); closure()
ts = []
for _ in range(evals):
    t0 = time.perf_counter(); closure(); ts.append(time.perf_counter() - t0)
ts.sort()
print(f"size {size} evals {evals} median s/eval {ts[len(ts)//2]:.3f} peakRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB")
