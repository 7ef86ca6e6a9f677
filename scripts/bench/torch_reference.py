# PyTorch CPU reference for `npm run bench`: training throughput of the benchmark backbone
# 'resnet-tiny' (stem conv3x3/2 32ch+BN+ReLU, one BasicBlock per stage, widths 32-64-128-256,
# strides 1-2-2-2, GAP, FC), SGD momentum 0.9 + weight decay 1e-4, median step time.
# Needs Debian's python3-torch; run with /usr/bin/python3. Prints one line 'RESULT {json}'.
import argparse, json, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--size', type=int, default=64); p.add_argument('--batch', type=int, default=16)
p.add_argument('--classes', type=int, default=200); p.add_argument('--threads', type=int, default=2)
p.add_argument('--steps', type=int, default=8); p.add_argument('--warmup', type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)

def conv_bn(ci, co, k, s, act=True):
    layers = [nn.Conv2d(ci, co, k, s, padding=k // 2, bias=False), nn.BatchNorm2d(co)]
    return nn.Sequential(*layers, nn.ReLU(inplace=True)) if act else nn.Sequential(*layers)

class BasicBlock(nn.Module):
    def __init__(self, ci, co, stride):
        super().__init__()
        self.a = conv_bn(ci, co, 3, stride); self.b = conv_bn(co, co, 3, 1, act=False)
        self.shortcut = conv_bn(ci, co, 1, stride, act=False) if (stride != 1 or ci != co) else nn.Identity()
    def forward(self, x): return F.relu(self.b(self.a(x)) + self.shortcut(x))

def resnet_tiny(classes):
    layers, ci = [conv_bn(3, 32, 3, 2)], 32
    for width, stride in zip([32, 64, 128, 256], [1, 2, 2, 2]):
        layers.append(BasicBlock(ci, width, stride)); ci = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(ci, classes))

model = resnet_tiny(a.classes)
x = torch.randn(a.batch, 3, a.size, a.size); y = torch.randint(0, a.classes, (a.batch,))
opt = torch.optim.SGD(model.parameters(), 1e-2, momentum=0.9, weight_decay=1e-4)
model.train()

def step():
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y); loss.backward(); opt.step(); loss.item()

for _ in range(a.warmup): step()
times = []
for _ in range(a.steps):
    t = time.perf_counter(); step(); times.append(time.perf_counter() - t)
times.sort(); median = times[len(times) // 2]
print('RESULT ' + json.dumps(dict(torch=torch.__version__, model='resnet-tiny', size=a.size, batch=a.batch, classes=a.classes,
      threads=a.threads, stepMedianSec=round(median, 4), imgPerSec=round(a.batch / median, 2))))
