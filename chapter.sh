#!/usr/bin/env bash
# Runs the chapter: every script in scripts/ in book order, or only the steps named (./chapter.sh 5 11).
# Builds the scripting host (ReadyToRun, for a fast start) the first time and whenever its sources change.
# Data: fastai's MNIST_SAMPLE is downloaded into ~/.fastai; a local mirror folder is used first when
# MNIST_SCRIPTING_MIRROR names one (it defaults to ../shared/data when that folder exists beside the repository).
set -euo pipefail
cd "$(dirname "$0")"
host=artifacts/mnist-scripting/mnist-scripting
if [ ! -x "$host" ] || [ -n "$(find core scripting-host -name '*.cs' -newer "$host" -print -quit)" ]; then
  echo "building the scripting host..." >&2
  dotnet publish scripting-host -c Release -r linux-x64 -o artifacts/mnist-scripting -v quiet -nologo >/dev/null
fi
if [ -z "${MNIST_SCRIPTING_MIRROR:-}" ] && [ -f ../shared/data/mnist_sample.tgz ]; then
  export MNIST_SCRIPTING_MIRROR="$(cd ../shared/data && pwd)"
fi
steps=("$@")
scripts=()
if [ ${#steps[@]} -eq 0 ]; then
  scripts=(scripts/[0-9][0-9]_*.csx)
else
  for s in "${steps[@]}"; do
    match=(scripts/$(printf '%02d' "$((10#${s%%_*}))")_*.csx)
    [ -f "${match[0]}" ] || { echo "no script for step '$s' in scripts/" >&2; exit 2; }
    scripts+=("${match[0]}")
  done
fi
for f in "${scripts[@]}"; do
  echo "=== $f"
  "$host" run "$f"
done
