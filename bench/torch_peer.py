#!/usr/bin/python3
# PyTorch peer of `mnist-bench chapter`: the chapter's workloads in torch, driven one run at a time over stdin
# ("WORKLOAD THREADS" -> one JSON line {"s": seconds, ...}) so the two sides alternate; `--mem` runs the chapter's
# main computations once and prints the peak RSS. Usage: python3 bench/torch_peer.py SAMPLE_DIR MNIST_DIR [--mem]
import ctypes, gzip, json, os, resource, sys, time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from PIL import Image

_blas = None
for _name in ("libblas.so.3", "libopenblas.so.0"):
    try:
        _lib = ctypes.CDLL(_name)
        _lib.openblas_get_corename.restype = ctypes.c_char_p
        _blas = _lib
        break
    except (OSError, AttributeError):
        pass


def set_threads(n):
    # torch.set_num_threads sets ATen's pool; the system OpenBLAS behind torch's matmul keeps its own count.
    torch.set_num_threads(n)
    if _blas is not None:
        _blas.openblas_set_num_threads(n)


def gemm():
    if _blas is None:
        return "torch BLAS (no OpenBLAS symbols found)"
    return f"OpenBLAS {_blas.openblas_get_corename().decode()} {_blas.openblas_get_num_threads()}T"


def load_folder(folder):
    files = sorted(folder.iterdir())
    return torch.stack([torch.tensor(np.array(Image.open(o))) for o in files])


def load_sample(path):
    # The book's loading: every PNG through PIL into a stacked tensor, /255.
    return {(s, d): load_folder(path / s / d).float() / 255 for s in ("train", "valid") for d in ("3", "7")}


def split(stacks, s):
    x = torch.cat([stacks[(s, "3")], stacks[(s, "7")]]).view(-1, 784)
    y = torch.tensor([1] * len(stacks[(s, "3")]) + [0] * len(stacks[(s, "7")])).unsqueeze(1)
    return x, y


def batches(x, y, bs):
    return [(x[i:i + bs], y[i:i + bs]) for i in range(0, len(x), bs)]


def baseline(stacks):
    mean3, mean7 = stacks[("train", "3")].mean(0), stacks[("train", "7")].mean(0)
    dist = lambda a, b: (a - b).abs().mean((-1, -2))
    is3 = lambda x: dist(x, mean3) < dist(x, mean7)
    v3, v7 = stacks[("valid", "3")], stacks[("valid", "7")]
    return ((is3(v3).float().mean() + (1 - is3(v7).float()).mean()) / 2).item()


def mnist_loss(p, t):
    p = p.sigmoid()
    return torch.where(t == 1, 1 - p, p).mean()


def batch_accuracy(p, t):
    return ((p.sigmoid() > 0.5) == t).float().mean()


def validate(model, valid, metric):
    with torch.no_grad():
        return sum(metric(model(xb), yb).item() * len(xb) for xb, yb in valid) / sum(len(xb) for xb, _ in valid)


def linear(train, valid, epochs=20, lr=1.0):
    torch.manual_seed(42)
    w, b = torch.randn(784, 1).requires_grad_(), torch.randn(1).requires_grad_()
    model = lambda xb: xb @ w + b
    for _ in range(epochs):
        for xb, yb in train:
            mnist_loss(model(xb), yb).backward()
            for p in (w, b):
                p.data -= p.grad * lr
                p.grad.zero_()
        acc = validate(model, valid, batch_accuracy)
    return acc


def fit(model, train, valid, loss_func, metric, epochs, lr):
    # What fastai's Learner (and ours) does per batch: step, zero_grad, read the loss for the recorder.
    opt = torch.optim.SGD(model.parameters(), lr)
    for _ in range(epochs):
        for xb, yb in train:
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            loss.item()
        acc = validate(model, valid, metric)
    return acc


def simple_net(train, valid, epochs=40):
    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))
    return fit(model, train, valid, mnist_loss, batch_accuracy, epochs, 0.1)


def mlp_epoch(full_train, full_test):
    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    acc = lambda p, t: (p.argmax(1) == t).float().mean()
    return fit(model, full_train, full_test, nn.functional.cross_entropy, acc, 1, 0.1)


def read_idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def full_mnist(mnist, prefix, bs):
    x = torch.tensor(read_idx(mnist / f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 784)).float() / 255
    y = torch.tensor(read_idx(mnist / f"{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64))
    return batches(x, y, bs)


class Workloads:
    def __init__(self, sample, mnist):
        self.sample, self.mnist = sample, mnist
        self.stacks = load_sample(sample)
        self.train = batches(*split(self.stacks, "train"), 256)
        self.valid = batches(*split(self.stacks, "valid"), 256)
        self.full = None
        torch.manual_seed(0)
        self.a, self.b = torch.randn(12396, 784), torch.randn(784, 784)

    def run(self, name):
        if name == "load":
            return sum(len(t) for t in load_sample(self.sample).values())
        if name == "baseline":
            return baseline(self.stacks)
        if name == "linear":
            return linear(self.train, self.valid)
        if name == "simple_net":
            return simple_net(self.train, self.valid)
        if name == "matmul":
            return (self.a @ self.b).shape[0]
        if name == "mlp_epoch":
            if self.full is None:
                self.full = (full_mnist(self.mnist, "train", 128), full_mnist(self.mnist, "t10k", 1000))
            return mlp_epoch(*self.full)
        raise SystemExit(f"torch_peer: unknown workload '{name}'")


def main():
    sample, mnist = Path(sys.argv[1]), Path(sys.argv[2])
    if "--mem" in sys.argv:
        # The chapter's main computations once, then the process's peak resident set.
        w = Workloads(sample, mnist)
        baseline(w.stacks), linear(w.train, w.valid), simple_net(w.train, w.valid)
        print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
        return
    w = Workloads(sample, mnist)
    print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        name, threads = line.split()
        set_threads(int(threads))
        t = time.perf_counter()
        result = w.run(name)
        s = time.perf_counter() - t
        print(json.dumps({"s": s, "result": result, "gemm": gemm(), "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
