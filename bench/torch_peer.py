#!/usr/bin/python3
# The PyTorch peer of both benchmarks. `mnist-bench chapter`: the chapter's workloads in torch, driven one run at a time
# over stdin ("WORKLOAD THREADS" -> one JSON line {"s": seconds, ...}) so the two sides alternate; `--mem` runs the
# chapter's main computations once and prints the peak RSS. The GPU runner (gpu-bundle/run.sh): `--gpu OUTDIR` times its
# rows in CUDA eager and writes bench_torch.csv and comparison.txt beside its bench.csv.
# `--step12 MNIST_DIR` runs scripts/12_full_mnist.csx's default work once and prints the peak RSS.
# Usage: python3 bench/torch_peer.py SAMPLE_DIR MNIST_DIR [--mem]  |  --step12 MNIST_DIR  |  --gpu OUTDIR
import csv, ctypes, gzip, json, os, resource, sys, time
from pathlib import Path

try:
    import torch
    from torch import nn
except ImportError:
    torch = None
try:  # the chapter's loading only; the GPU bundle needs torch alone
    import numpy as np
    from PIL import Image
except ImportError:
    np = Image = None

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


def step(model, opt, loss_func, xb, yb):
    # What fastai's Learner (and ours, bench/SimpleNet.cs Step) does per batch: forward, loss, backward, step, zero_grad.
    loss = loss_func(model(xb), yb)
    loss.backward()
    opt.step()
    opt.zero_grad()
    return loss


def fit(model, train, valid, loss_func, metric, epochs, lr):
    opt = torch.optim.SGD(model.parameters(), lr)
    for _ in range(epochs):
        for xb, yb in train:
            step(model, opt, loss_func, xb, yb).item()  # the recorder reads each batch's loss
        acc = validate(model, valid, metric)
    return acc


# The chapter's simple_net, as bench/SimpleNet.cs defines it for both our harnesses: 784 -> 30 -> ReLU -> 1, SGD lr 0.1,
# batches of 256 from 12,396 training images.
SIMPLE_NET_LR, BATCH, TRAIN_ROWS = 0.1, 256, 12396


def simple_net_model():
    return nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))


def simple_net(train, valid, epochs=40):
    torch.manual_seed(42)
    return fit(simple_net_model(), train, valid, mnist_loss, batch_accuracy, epochs, SIMPLE_NET_LR)


def mlp_epoch(full_train, full_test):
    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    acc = lambda p, t: (p.argmax(1) == t).float().mean()
    return fit(model, full_train, full_test, nn.functional.cross_entropy, acc, 1, 0.1)


# Step 12's default CNN and recipe (bench/ChapterWorkloads.cs CnnEpoch): one epoch of Adam lr 3e-3, batches of 64, over
# all 60,000 training images in order, then the accuracy on the first 2,000 test images (CnnTrainImages, CnnValidImages).
def cnn_epoch(train, test):
    torch.manual_seed(42)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    opt = torch.optim.Adam(model.parameters(), 3e-3)
    acc = lambda p, t: (p.argmax(1) == t).float().mean()
    for xb, yb in train:
        step(model, opt, nn.functional.cross_entropy, xb, yb).item()
    return validate(model, test, acc)


# scripts/12_full_mnist.csx's default path, for the "peak RSS: step 12" row: full MNIST as floats, a 256-wide MLP with
# Adam (4 epochs, batches of 128 shuffled), then the 8/16-channel CNN with Adam (2 epochs on the first 12,000 images,
# batches of 64 shuffled), each validated on the 10,000 test images in batches of 1000, as the script does.
def step12(mnist):
    def loader(x, y, bs, shuffle):
        return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=bs, shuffle=shuffle)

    def learn(model, train, test, epochs, lr):
        opt = torch.optim.Adam(model.parameters(), lr)
        for _ in range(epochs):
            model.train()
            for xb, yb in train:
                step(model, opt, nn.functional.cross_entropy, xb, yb).item()
            with torch.no_grad():
                acc = sum((model(xb).argmax(1) == yb).float().sum().item() for xb, yb in test) / len(test.dataset)
        return acc

    images = {p: torch.tensor(read_idx(mnist / f"{p}-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)) for p in ("train", "t10k")}
    labels = {p: torch.tensor(read_idx(mnist / f"{p}-labels-idx1-ubyte.gz", 8).astype(np.int64)) for p in ("train", "t10k")}
    train_x, test_x = images["train"].float().view(-1, 784) / 255, images["t10k"].float().view(-1, 784) / 255
    torch.manual_seed(42)
    mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    mlp_acc = learn(mlp, loader(train_x, labels["train"], 128, True), loader(test_x, labels["t10k"], 1000, False), 4, 2e-3)
    imgs = (images["train"].float() / 255).unsqueeze(1)
    test_imgs = (images["t10k"].float() / 255).unsqueeze(1)
    torch.manual_seed(42)
    cnn = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    cnn_acc = learn(cnn, loader(imgs[:12000], labels["train"][:12000], 64, True), loader(test_imgs, labels["t10k"], 1000, False), 2, 3e-3)
    return mlp_acc, cnn_acc


def cnn_data(mnist, prefix, n, bs):
    x = torch.tensor(read_idx(mnist / f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[:n]).float() / 255
    y = torch.tensor(read_idx(mnist / f"{prefix}-labels-idx1-ubyte.gz", 8)[:n].astype(np.int64))
    return batches(x, y, bs)


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
        self.train = batches(*split(self.stacks, "train"), BATCH)
        self.valid = batches(*split(self.stacks, "valid"), BATCH)
        self.full = self.cnn = None
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
        if name == "cnn_epoch":
            if self.cnn is None:
                self.cnn = (cnn_data(self.mnist, "train", 60000, 64), cnn_data(self.mnist, "t10k", 2000, 1000))
            return cnn_epoch(*self.cnn)
        raise SystemExit(f"torch_peer: unknown workload '{name}'")


def gpu(out):
    # The GPU runner's rows (tests/gpu/Benchmarks.cs, same names) in torch, then the side-by-side comparison.
    os.makedirs(out, exist_ok=True)
    if torch is None:
        print("torch_peer.py --gpu: PyTorch not installed; skipping the comparison")
        return
    if not torch.cuda.is_available():
        print(f"torch_peer.py --gpu: CUDA unavailable to torch {torch.__version__}; skipping the comparison")
        return
    dev = torch.device("cuda")
    torch.backends.cuda.matmul.allow_tf32 = False  # compare float32 SGEMM with float32 cuBLAS, not TF32
    rows = []

    def add(name, value, unit, note=""):
        rows.append((name, value, unit))
        print(f"{name:<34} {value:12.1f} {unit:<7} {note}")

    def seconds(fn):
        fn(); torch.cuda.synchronize()
        iters = 1
        while True:
            t = time.perf_counter()
            for _ in range(iters): fn()
            torch.cuda.synchronize()
            s = time.perf_counter() - t
            if s > 0.2 or iters >= 1 << 14: return s / iters
            iters *= 4

    N = 1 << 26
    g = torch.Generator(device="cpu").manual_seed(1)
    a, b = torch.rand(N, generator=g).to(dev), torch.rand(N, generator=g).to(dev)
    B = 4.0 * N
    add("copy_d2d_GBps", 2 * B / seconds(lambda: a.clone()) / 1e9, "GB/s")
    add("add_GBps", 3 * B / seconds(lambda: a + b) / 1e9, "GB/s")
    add("mul_scalar_GBps", 2 * B / seconds(lambda: a * 2.5) / 1e9, "GB/s")
    add("relu_GBps", 2 * B / seconds(lambda: a.relu()) / 1e9, "GB/s")
    add("exp_GBps", 2 * B / seconds(lambda: a.exp()) / 1e9, "GB/s")
    add("sigmoid_GBps", 2 * B / seconds(lambda: a.sigmoid()) / 1e9, "GB/s")
    add("gt_GBps", (2 * B + N) / seconds(lambda: a > b) / 1e9, "GB/s")
    add("sum_all_GBps", B / seconds(lambda: a.sum()) / 1e9, "GB/s")
    m, row = a.view(8192, 8192), b[:8192]
    add("add_broadcast_row_GBps", 2 * B / seconds(lambda: m + row) / 1e9, "GB/s")
    add("transpose_contiguous_GBps", 2 * B / seconds(lambda: m.t().contiguous()) / 1e9, "GB/s")
    add("sum_dim1_GBps", B / seconds(lambda: m.sum(1)) / 1e9, "GB/s")
    add("sum_dim0_GBps", B / seconds(lambda: m.sum(0)) / 1e9, "GB/s")
    add("argmax_dim1_GBps", B / seconds(lambda: m.argmax(1)) / 1e9, "GB/s")
    del a, b, m, row
    for n in (512, 1024, 2048, 4096):
        x, y = torch.rand(n, n, device=dev), torch.rand(n, n, device=dev)
        gf = 2.0 * n ** 3 / seconds(lambda: x @ y) / 1e9
        for v in (1, 2, 3): add(f"sgemm_v{v}_{n}_GFLOPs", gf, "GFLOP/s", "torch.matmul (cuBLAS)")
    xb, w = torch.rand(BATCH, 784, device=dev), torch.rand(784, 30, device=dev)
    add("sgemm_auto_256x784x30_GFLOPs", 2.0 * BATCH * 784 * 30 / seconds(lambda: xb @ w) / 1e9, "GFLOP/s")
    add("simple_net_epoch_cuda_ms", simple_net_epoch_ms(dev), "ms", "PyTorch CUDA eager")
    add("simple_net_epoch_cpu_ms", simple_net_epoch_ms(torch.device("cpu")), "ms", "PyTorch CPU")
    compare(out, rows)


def simple_net_epoch_ms(device):
    # As the GPU runner measures it: random data of the chapter's shape, one warm-up epoch, then one timed epoch.
    gen = torch.Generator().manual_seed(42)
    x = torch.rand(TRAIN_ROWS, 784, generator=gen).to(device)
    y = (torch.rand(TRAIN_ROWS, 1, generator=gen) > 0.5).long().to(device)
    torch.manual_seed(42)
    model = simple_net_model().to(device)
    opt = torch.optim.SGD(model.parameters(), SIMPLE_NET_LR)

    def epoch():
        for s in range(0, TRAIN_ROWS, BATCH):
            step(model, opt, mnist_loss, x[s:s + BATCH], y[s:s + BATCH])

    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    epoch(); sync()
    t = time.perf_counter()
    epoch(); sync()
    return (time.perf_counter() - t) * 1e3


def compare(out, rows):
    with open(os.path.join(out, "bench_torch.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["name", "value", "unit"]); w.writerows(rows)
    ours = {}
    if os.path.exists(os.path.join(out, "bench.csv")):
        with open(os.path.join(out, "bench.csv")) as f:
            for r in csv.DictReader(f): ours[r["name"]] = float(r["value"])
    with open(os.path.join(out, "comparison.txt"), "w") as f:
        head = f"{'benchmark':<34} {'ours':>12} {'pytorch':>12}  ours/pytorch (time rows: pytorch/ours)  on {torch.cuda.get_device_name()}, torch {torch.__version__}"
        print(head); f.write(head + "\n")
        for name, value, unit in rows:
            if name not in ours: continue
            ratio = value / ours[name] if unit == "ms" else ours[name] / value
            line = f"{name:<34} {ours[name]:12.1f} {value:12.1f}  {ratio:6.2f}x  {unit}"
            print(line); f.write(line + "\n")


def main():
    if "--gpu" in sys.argv:
        i = sys.argv.index("--gpu")
        return gpu(sys.argv[i + 1] if len(sys.argv) > i + 1 else "gpu-results")
    if torch is None or np is None:
        raise SystemExit("torch_peer.py: the chapter peer needs torch, numpy and PIL")
    if "--step12" in sys.argv:
        # scripts/12's default work once at the default thread count (as the host runs it), then the peak resident set.
        mlp_acc, cnn_acc = step12(Path(sys.argv[sys.argv.index("--step12") + 1]))
        print(json.dumps({"mlp_accuracy": mlp_acc, "cnn_accuracy": cnn_acc,
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
        return
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
        # "WORKLOAD THREADS [RUNS]": RUNS back to back (short workloads), the time per run returned.
        name, threads, *runs = line.split()
        runs = int(runs[0]) if runs else 1
        set_threads(int(threads))
        t = time.perf_counter()
        for _ in range(runs):
            result = w.run(name)
        s = (time.perf_counter() - t) / runs
        print(json.dumps({"s": s, "result": result, "gemm": gemm(), "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
