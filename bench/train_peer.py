# PyTorch peer of the chapter's two training loops, timed: the linear model from scratch (20 epochs, lr 1.0) and
# simple_net (Linear(784,30), ReLU, Linear(30,1); 40 epochs, lr 0.1), batch size 256, unshuffled, validating each epoch.
# Usage: python3 bench/train_peer.py [threads ...]   (prints one JSON line per thread count)
import ctypes, gzip, json, os, sys, time
import numpy as np
import torch
from torch import nn


def find_data():
    env = os.environ.get("MNIST_SCRIPTING_SHARED_DATA")
    if env and os.path.isdir(os.path.join(env, "mnist")):
        return env
    d = os.path.abspath(os.path.dirname(__file__))
    while d != os.path.dirname(d):
        if os.path.isdir(os.path.join(d, "shared", "data", "mnist")):
            return os.path.join(d, "shared", "data")
        d = os.path.dirname(d)
    sys.exit("shared/data/mnist not found; set MNIST_SCRIPTING_SHARED_DATA")


def load(prefix):
    mnist = os.path.join(find_data(), "mnist")
    with gzip.open(os.path.join(mnist, f"{prefix}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(os.path.join(mnist, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    threes, sevens = images[labels == 3], images[labels == 7]
    x = torch.cat([torch.tensor(threes), torch.tensor(sevens)]).float() / 255
    y = torch.tensor([1] * len(threes) + [0] * len(sevens)).unsqueeze(1)
    return x, y


def batches(x, y, bs=256):
    return [(x[i:i + bs], y[i:i + bs]) for i in range(0, len(x), bs)]


def mnist_loss(predictions, targets):
    predictions = predictions.sigmoid()
    return torch.where(targets == 1, 1 - predictions, predictions).mean()


def batch_accuracy(xb, yb):
    return ((xb.sigmoid() > 0.5) == yb).float().mean()


def validate(model, valid):
    # Size-weighted loss and accuracy over the whole validation set, as the Learner computes them.
    with torch.no_grad():
        n, loss, acc = 0, 0.0, 0.0
        for xb, yb in valid:
            p = model(xb)
            loss += mnist_loss(p, yb).item() * len(xb)
            acc += batch_accuracy(p, yb).item() * len(xb)
            n += len(xb)
    return loss / n, acc / n


def linear_from_scratch(train, valid, epochs=20, lr=1.0):
    torch.manual_seed(42)
    weights = torch.randn(784, 1).requires_grad_()
    bias = torch.randn(1).requires_grad_()
    model = lambda xb: xb @ weights + bias
    for _ in range(epochs):
        for xb, yb in train:
            mnist_loss(model(xb), yb).backward()
            for p in (weights, bias):
                p.data -= p.grad * lr
                p.grad.zero_()
        acc = validate(model, valid)[1]
    return acc


def simple_net(train, valid, epochs=40, lr=0.1):
    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))
    opt = torch.optim.SGD(model.parameters(), lr)
    for _ in range(epochs):
        for xb, yb in train:
            loss = mnist_loss(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            loss.item()  # the Learner reads every batch's loss for train_loss
        acc = validate(model, valid)[1]
    return acc


def set_blas_threads(n):
    # torch.set_num_threads sets ATen's threads; the system OpenBLAS behind torch's matmul keeps its own count.
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_set_num_threads(n)
        except (OSError, AttributeError):
            pass


def timed(f, *args):
    t = time.perf_counter()
    r = f(*args)
    return time.perf_counter() - t, r


if __name__ == "__main__":
    reps = int(os.environ.get("PEER_REPS", "3"))
    train, valid = batches(*load("train")), batches(*load("t10k"))
    for threads in [int(a) for a in sys.argv[1:]] or [1, 2]:
        torch.set_num_threads(threads)
        set_blas_threads(threads)
        linear_from_scratch(train, valid)  # warm-up
        simple_net(train, valid, epochs=5)
        # The best of a few runs, since the machine may be shared.
        lin_s, lin_acc = min(timed(linear_from_scratch, train, valid) for _ in range(reps))
        net_s, net_acc = min(timed(simple_net, train, valid) for _ in range(reps))
        print(json.dumps({"threads": threads, "linear_s": lin_s, "linear_acc": lin_acc, "simple_net_s": net_s, "simple_net_acc": net_acc, "reps": reps, "torch": torch.__version__}), flush=True)
