#!/usr/bin/env bash
# The chapter benchmark in one command: publishes the scripting host (for the REPL cold start), builds mnist-bench and
# runs `mnist-bench chapter` (ours vs the PyTorch peer, one table). Extra arguments go to it, e.g. --only linear,matmul.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MNIST_SCRIPTING_MIRROR:-}" ] && [ -f ../shared/data/mnist_sample.tgz ]; then
  export MNIST_SCRIPTING_MIRROR="$(cd ../shared/data && pwd)"
fi
dotnet publish scripting-host -c Release -r linux-x64 -o artifacts/mnist-scripting -v quiet -nologo >/dev/null
dotnet build bench -c Release -v quiet -nologo >/dev/null
exec dotnet bench/bin/Release/net10.0/mnist-bench.dll chapter "$@"
