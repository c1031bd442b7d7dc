#!/usr/bin/env bash
# Runs the chapter: every script in scripts/ in book order, or only the steps named (./chapter.sh 5 11).
# ./chapter.sh --notebooks regenerates notebooks/ (and notebooks/fsharp/) from the scripts; --run-notebooks executes
# them headless (the C# ones; `./chapter.sh --run-notebooks notebooks/fsharp/*.ipynb` the F# ones).
# Builds the scripting host (ReadyToRun, for a fast start) the first time and whenever its sources change.
# Data: fastai's MNIST_SAMPLE is downloaded into ~/.fastai; a local mirror folder is used first when
# MNIST_SCRIPTING_MIRROR names one (it defaults to ../shared/data when that folder exists beside the repository).
set -euo pipefail
cd "$(dirname "$0")"
host=artifacts/mnist-scripting/mnist-scripting
if [ ! -x "$host" ] || [ -n "$(find core scripting-host \( -name '*.cs' -o -name '*.csproj' \) -newer "$host" -print -quit)" ]; then
  # The first build takes a minute or two: show one line per project as it finishes, and the compiler's errors in full.
  echo "building the scripting host (the first time takes 1-2 minutes)..." >&2
  log=$(mktemp)
  dotnet publish scripting-host -c Release -r linux-x64 -o artifacts/mnist-scripting -nologo >"$log" 2>&1 &
  pid=$!
  start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    done_projects=$(grep -oE '^ +[A-Za-z.]+ -> ' "$log" | sed -E 's/^ +| -> $//g' | sort -u | tr '\n' ' ' || true)
    printf '\r  %3ss built: %s' "$((SECONDS - start))" "$done_projects" >&2
    sleep 1
  done
  echo >&2
  if ! wait "$pid"; then
    grep -E ': (error|warning) [A-Z]+[0-9]+' "$log" | sed 's/ \[[^]]*\]$//' | sort -u >&2 || cat "$log" >&2
    echo "the scripting host did not build: fix the errors above (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
fi
if [ -z "${MNIST_SCRIPTING_MIRROR:-}" ] && [ -f ../shared/data/mnist_sample.tgz ]; then
  export MNIST_SCRIPTING_MIRROR="$(cd ../shared/data && pwd)"
fi
case "${1:-}" in
  --notebooks)
    # The notebooks are generated from the scripts (the scripts are the source): rewrite notebooks/ from them.
    "$host" notebook scripts/[0-9][0-9]_*.csx -o notebooks
    exec "$host" notebook scripts/fsharp/[0-9][0-9]_*.fsx -o notebooks/fsharp ;;
  --run-notebooks)
    # Every notebook executed headless through the kernel (nbclient), outputs saved to artifacts/executed-notebooks.
    prefix="$PWD/artifacts/jupyter"
    "$host" jupyter install --prefix "$prefix" >/dev/null
    exec env JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}" \
      MNIST_SCRIPTING_PLOTS="${MNIST_SCRIPTING_PLOTS:-$PWD/artifacts/executed-notebooks/plots}" \
      /usr/bin/python3 tests/jupyter/execute_notebooks.py artifacts/executed-notebooks "${@:2}" ;;
esac
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
