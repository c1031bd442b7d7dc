# PyTorch+PIL peer of `mnist-bench load`: time loading the 14,434 MNIST_SAMPLE PNGs into stacked float tensors, as the book does.

import statistics, sys, time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

def load(path):
    out = []
    for split in ("train", "valid"):
        for digit in ("3", "7"):
            files = sorted((path / split / digit).iterdir())
            out.append(torch.stack([torch.tensor(np.array(Image.open(o))) for o in files]).float() / 255)
    return out

if __name__ == "__main__":
    path, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ts = load(path)
        times.append(time.perf_counter() - t0)
    n = sum(t.shape[0] for t in ts)
    print(f"pytorch+PIL: {n} images, torch threads {torch.get_num_threads()}, runs {[round(t, 3) for t in times]}, median {statistics.median(times):.3f} s")
