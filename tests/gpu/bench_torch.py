# PyTorch counterparts of the GPU runner's benchmarks (same row names), then a side-by-side comparison.
# Usage: python3 bench_torch.py OUTDIR   (reads OUTDIR/bench.csv if present, writes bench_torch.csv and comparison.txt)
import csv, os, sys, time

out = sys.argv[1] if len(sys.argv) > 1 else "gpu-results"
os.makedirs(out, exist_ok=True)
try:
    import torch
except ImportError:
    print("bench_torch.py: PyTorch not installed; skipping the comparison")
    sys.exit(0)
if not torch.cuda.is_available():
    print("bench_torch.py: torch.cuda unavailable; skipping the comparison")
    sys.exit(0)

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
a = torch.rand(N, generator=g).to(dev)
b = torch.rand(N, generator=g).to(dev)
B = 4.0 * N
add("copy_d2d_GBps", 2 * B / seconds(lambda: a.clone()) / 1e9, "GB/s")
add("add_GBps", 3 * B / seconds(lambda: a + b) / 1e9, "GB/s")
add("mul_scalar_GBps", 2 * B / seconds(lambda: a * 2.5) / 1e9, "GB/s")
add("relu_GBps", 2 * B / seconds(lambda: a.relu()) / 1e9, "GB/s")
add("exp_GBps", 2 * B / seconds(lambda: a.exp()) / 1e9, "GB/s")
add("sigmoid_GBps", 2 * B / seconds(lambda: a.sigmoid()) / 1e9, "GB/s")
add("gt_GBps", (2 * B + N) / seconds(lambda: a > b) / 1e9, "GB/s")
add("sum_all_GBps", B / seconds(lambda: a.sum()) / 1e9, "GB/s")
m = a.view(8192, 8192)
row = b[:8192]
add("add_broadcast_row_GBps", 2 * B / seconds(lambda: m + row) / 1e9, "GB/s")
add("transpose_contiguous_GBps", 2 * B / seconds(lambda: m.t().contiguous()) / 1e9, "GB/s")
add("sum_dim1_GBps", B / seconds(lambda: m.sum(1)) / 1e9, "GB/s")
add("sum_dim0_GBps", B / seconds(lambda: m.sum(0)) / 1e9, "GB/s")
add("argmax_dim1_GBps", B / seconds(lambda: m.argmax(1)) / 1e9, "GB/s")
del a, b, m, row
for n in (512, 1024, 2048, 4096):
    x = torch.rand(n, n, device=dev); y = torch.rand(n, n, device=dev)
    gf = 2.0 * n ** 3 / seconds(lambda: x @ y) / 1e9
    for v in (1, 2, 3): add(f"sgemm_v{v}_{n}_GFLOPs", gf, "GFLOP/s", "torch.matmul (cuBLAS)")
xb = torch.rand(256, 784, device=dev); w = torch.rand(784, 30, device=dev)
add("sgemm_auto_256x784x30_GFLOPs", 2.0 * 256 * 784 * 30 / seconds(lambda: xb @ w) / 1e9, "GFLOP/s")

def epoch_ms(device):
    rows_, batch = 12396, 256
    gen = torch.Generator().manual_seed(42)
    x = torch.rand(rows_, 784, generator=gen).to(device)
    y = (torch.rand(rows_, 1, generator=gen) > 0.5).float().to(device)
    ps = [(torch.randn(*s, generator=gen) * 0.1).to(device).requires_grad_() for s in ((784, 30), (30,), (30, 1), (1,))]
    def epoch():
        for s in range(0, rows_, batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            p = ((xb @ ps[0] + ps[1]).relu() @ ps[2] + ps[3]).sigmoid()
            loss = torch.where(yb == 1, 1 - p, p).mean()
            loss.backward()
            with torch.no_grad():
                for t in ps: t -= t.grad * 1.0; t.grad = None
    epoch()
    if device.type == "cuda": torch.cuda.synchronize()
    t = time.perf_counter(); epoch()
    if device.type == "cuda": torch.cuda.synchronize()
    return (time.perf_counter() - t) * 1e3

add("simple_net_epoch_cuda_ms", epoch_ms(dev), "ms", "PyTorch CUDA eager")
add("simple_net_epoch_cpu_ms", epoch_ms(torch.device("cpu")), "ms", "PyTorch CPU")

with open(os.path.join(out, "bench_torch.csv"), "w", newline="") as f:
    w_ = csv.writer(f); w_.writerow(["name", "value", "unit"]); w_.writerows(rows)

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
