#!/usr/bin/env bash
# Publishes the self-contained linux-x64 GPU runner into gpu-bundle/ (no .NET needed on the GPU machine):
#   tests/gpu/bundle.sh && scp -r gpu-bundle gpuhost: && ssh gpuhost gpu-bundle/run.sh results
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/gpu-bundle"
rm -rf "$out"
mkdir -p "$out"
dotnet publish "$root/tests/gpu/Mnist.Scripting.GpuRunner.csproj" -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true \
  -p:TreatWarningsAsErrors=false -p:DebugType=none -p:GenerateDocumentationFile=false -o "$out/bin" >&2
cp "$root/tests/gpu/run.sh" "$root/bench/torch_peer.py" "$out/"  # the PyTorch peer: its --gpu rows
chmod +x "$out/run.sh" "$out/bin/Mnist.Scripting.GpuRunner"
size=$(du -sb "$out" | cut -f1)
echo "gpu-bundle: $((size / 1024 / 1024)) MiB ($size bytes) in $out"
if [ "$size" -gt $((64 * 1024 * 1024)) ]; then echo "bundle.sh: the bundle exceeds 64 MiB" >&2; exit 1; fi
