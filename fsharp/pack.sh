#!/usr/bin/env bash
# Packs the F# front end and what it stands on (the engine, CUDA, data, training, the DSL) into artifacts/nupkg (or the folder given), so an F#
# script can say `#i "nuget: <folder>"` and `#r "nuget: Mnist.Scripting.FSharp"`, and an F# project can reference it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-artifacts/nupkg}" && cd "${1:-artifacts/nupkg}" && pwd)"
for p in core core/Cuda core/Data core/Training scripting-host/Dsl fsharp/Mnist.Scripting.FSharp; do
  dotnet pack "$p" -c Release -o "$out" -nologo -v quiet >/dev/null
done
echo "packed Mnist.Scripting.Core, .Cuda, .Data, .Training, .Dsl and .FSharp into $out"
