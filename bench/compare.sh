#!/usr/bin/env bash
# Alternates the PyTorch+PIL peer and ours so both see the same machine load; prints each side's medians per round.
# Usage: bench/compare.sh [rounds] [runs]   (needs MNIST_SCRIPTING_MIRROR or network for the first UntarData)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; runs=${2:-5}
dotnet build -c Release bench/LoadPngs -v q -nologo >/dev/null
dll=bench/LoadPngs/bin/Release/net10.0/LoadPngs.dll
data=$(dotnet "$dll" 1 | sed -n 's/^data: \([^ ]*\).*/\1/p')
for r in $(seq "$rounds"); do
  echo "round $r"
  /usr/bin/python3 bench/load_pngs.py "$data" "$runs"
  dotnet "$dll" "$runs" | tail -n +2
done
