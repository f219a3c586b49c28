# PyTorch 1.13 reference for `atelier bench vgg`: forward + backward to the input through
# torchvision VGG16-BN features (frozen weights), 2 threads, median after warm-up.
import torch, torchvision, time, statistics, resource, sys
torch.set_num_threads(2)
m = torchvision.models.vgg16_bn().features.eval()
for p in m.parameters(): p.requires_grad_(False)
for size in (288, 512):
    ts=[]
    for i in range(8):
        x = torch.rand(1,3,size,size, requires_grad=True)
        t=time.perf_counter(); y=m(x); y.sum().backward(); ts.append(time.perf_counter()-t)
    print(size, "median", statistics.median(ts[3:]), "min", min(ts[3:]), "peakRSS MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)
