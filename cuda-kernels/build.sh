#!/usr/bin/env bash
# Compiles every cuda-kernels/*.cu to PTX with clang-14 (no CUDA toolkit needed): cuda-kernels/build.sh [OUTDIR]
# OUTDIR defaults to cuda-kernels/ptx (committed, embedded into core). Exits 3 when clang-14 is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/ptx}"
clang="${CLANG:-clang-14}"
if ! command -v "$clang" >/dev/null 2>&1; then echo "build.sh: $clang not found; keeping the committed PTX" >&2; exit 3; fi
mkdir -p "$out"
for cu in "$here"/*.cu; do
  name="$(basename "$cu" .cu)"
  # -O3 without fast-math: sqrt stays sqrt.rn, divisions stay IEEE (parity with the CPU reference depends on it).
  "$clang" -x cuda --cuda-gpu-arch=sm_80 --cuda-device-only -nocudainc -nocudalib -O3 -S \
    -Xclang -target-feature -Xclang +ptx70 -I "$here" "$cu" -o "$out/$name.ptx.tmp"
  # Drop the compiler's ident line and the source path so the output depends on the sources only.
  grep -v '^// .*clang version\|^\s*\.file' "$out/$name.ptx.tmp" > "$out/$name.ptx" || true
  rm -f "$out/$name.ptx.tmp"
  if grep -q '\.extern \.func' "$out/$name.ptx"; then echo "build.sh: $name.ptx calls an unresolved function (libdevice?)" >&2; exit 1; fi
done
