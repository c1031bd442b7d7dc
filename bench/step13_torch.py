"""Step 13's recipes in PyTorch, for comparing scripts/13_all_digits.csx with the peer on the same machine.

Same data (the MNIST IDX files), same recipes and hyper-parameters: the ten-mean-digits baseline (deterministic, so
the accuracy must be equal), a linear model and a 784-30-10 net trained by hand with SGD (lr 0.5, batch 256,
shuffled, 5 epochs, the same init scales), the same net through nn.Linear and torch.optim.SGD, and Adam with
torch's OneCycleLR set as fastai's fit_one_cycle (pct_start 0.25, div 25, final lr lr_max/1e5, momentum 0.95-0.85)
at lr_max 5e-3 for 3 epochs. Random draws differ from ours, so trained accuracies compare within their spread.
Run: /usr/bin/python3 bench/step13_torch.py [path/to/shared/data/mnist] [seed]
"""
import gzip, sys, time
from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F

mnist = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist")
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
torch.set_num_threads(1)


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def split(prefix):
    x = torch.tensor(read_idx(mnist / f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)).float() / 255
    y = torch.tensor(read_idx(mnist / f"{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64))
    return x, y


start = time.time()
train_x, train_y = split("train")
test_x, test_y = split("t10k")

# The baseline: ten mean digits, nearest by mean absolute difference.
means = torch.stack([train_x[train_y == d].mean(0) for d in range(10)])
nearest = sum((((test_x[i:i + 1000].unsqueeze(1) - means).abs().mean((-1, -2))).argmin(1) == test_y[i:i + 1000]).sum().item()
              for i in range(0, 10000, 1000))
print(f"baseline_accuracy {nearest / 10000}")

flat_train, flat_test = train_x.view(-1, 784), test_x.view(-1, 784)
g = torch.Generator().manual_seed(seed)


def batches():
    order = torch.randperm(60000, generator=g)
    for i in range(0, 60000, 256):
        idx = order[i:i + 256]
        yield flat_train[idx], train_y[idx]


def accuracy(model):
    with torch.no_grad():
        return round(np.mean([(model(flat_test[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).float().mean().item()
                              for i in range(0, 10000, 1000)]), 4)


def by_hand(model, params, epochs=5, lr=0.5):
    for _ in range(epochs):
        for xb, yb in batches():
            F.cross_entropy(model(xb), yb).backward()
            with torch.no_grad():
                for p in params:
                    p -= p.grad * lr
                    p.grad.zero_()
    return accuracy(model)


torch.manual_seed(seed)
w, b = (torch.randn(784, 10) * 0.01).requires_grad_(), (torch.randn(10) * 0.01).requires_grad_()
print(f"linear_accuracy {by_hand(lambda xb: xb @ w + b, [w, b])}")

torch.manual_seed(seed)
w1, b1 = (torch.randn(784, 30) * 0.05).requires_grad_(), torch.zeros(30).requires_grad_()
w2, b2 = (torch.randn(30, 10) * 0.2).requires_grad_(), torch.zeros(10).requires_grad_()
print(f"simple_net_accuracy {by_hand(lambda xb: (xb @ w1 + b1).relu() @ w2 + b2, [w1, b1, w2, b2])}")

torch.manual_seed(seed)
net = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.ReLU(), torch.nn.Linear(30, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.5)
for _ in range(5):
    for xb, yb in batches():
        F.cross_entropy(net(xb), yb).backward()
        opt.step()
        opt.zero_grad()
print(f"learner_accuracy {accuracy(net)}")

torch.manual_seed(seed)
net = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.ReLU(), torch.nn.Linear(30, 10))
opt = torch.optim.Adam(net.parameters(), lr=5e-3)
steps = 3 * 235
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=5e-3, total_steps=steps, pct_start=0.25, div_factor=25,
                                            final_div_factor=1e5 / 25, base_momentum=0.85, max_momentum=0.95)
for _ in range(3):
    for xb, yb in batches():
        F.cross_entropy(net(xb), yb).backward()
        opt.step()
        opt.zero_grad()
        sched.step()
print(f"one_cycle_accuracy {accuracy(net)}")
print(f"seconds {time.time() - start:.1f} (torch {torch.__version__}, 1 thread)")
