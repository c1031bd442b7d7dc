#!/usr/bin/env bash
# Runs the GPU checks from the bundle: gpu-bundle/run.sh OUTDIR
# Writes OUTDIR/summary.txt, parity.txt/.csv, bench.txt/.csv and, when PyTorch is present, bench_torch.csv and comparison.txt.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: run.sh OUTDIR}"
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || true
DOTNET_gcServer=0 "$here/bin/Mnist.Scripting.GpuRunner" "$out" "${@:2}"
code=$?
if [ "$code" != 2 ] && command -v python3 >/dev/null 2>&1; then
  python3 "$here/torch_peer.py" --gpu "$out" 2>&1 | tee "$out/bench_torch.txt"
fi
echo "runner exit code $code (0 parity ok, 1 parity failures, 2 CUDA unavailable); results in $out"
exit $code
