#!/usr/bin/python3
"""PyTorch peer of mnist-bench: the same workloads, timed the same way (warm-up, then median of N)."""
import sys, time, statistics
import torch


def median_seconds(fn, repeats=5, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def matmul(threads, repeats):
    torch.manual_seed(0)
    a = torch.randn(12396, 784)
    b = torch.randn(784, 784)
    s = median_seconds(lambda: a @ b, repeats)
    flop = 2.0 * 12396 * 784 * 784
    print(f"matmul 12396x784x784 threads={threads} provider=torch: {s * 1000:.1f} ms, {flop / s / 1e9:.1f} GFLOP/s")


def main():
    args = sys.argv[1:]
    workload = args[0] if args else "matmul"
    threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 2
    repeats = int(args[args.index("--repeats") + 1]) if "--repeats" in args else 5
    torch.set_num_threads(threads)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads")
    {"matmul": matmul}[workload](threads, repeats)


if __name__ == "__main__":
    main()
