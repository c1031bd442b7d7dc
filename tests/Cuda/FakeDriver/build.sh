#!/usr/bin/env bash
# Builds libfakecuda.so: tests/Cuda/FakeDriver/build.sh OUTDIR. Needs clang++-14 (or g++) and the committed PTX
# (its .entry names become the kernel table). Exits 3 when no compiler is found.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kernels="$(cd "$here/../../../cuda-kernels" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
cxx=""
for c in clang++-14 g++ clang++; do if command -v "$c" >/dev/null 2>&1; then cxx="$c"; break; fi; done
[ -n "$cxx" ] || { echo "no C++ compiler" >&2; exit 3; }
mkdir -p "$out/src"
objs=()
for ptx in "$kernels"/ptx/*.ptx; do
  mod="$(basename "$ptx" .ptx)"
  src="$out/src/k_$mod.cpp"
  {
    echo '#include <utility>'
    echo "#include \"$kernels/$mod.cu\""
    echo 'struct KernelEntry { const char* name; void (*thunk)(void**); bool syncs; };'
    echo 'template <typename... P, unsigned long... I> static void call(void (*f)(P...), void** a, std::index_sequence<I...>) { f(*(P*)a[I]...); }'
    echo 'template <typename... P> static void call(void (*f)(P...), void** a) { call(f, a, std::index_sequence_for<P...>{}); }'
    echo "extern const KernelEntry table_$mod[] = {"
    # A kernel whose PTX has a barrier (bar.sync) runs its block's threads as fibers; others run one thread at a time.
    awk '/^\.visible \.entry/ { if (k) print k, s; k = $3; sub(/\(.*/, "", k); s = "false" } /bar\.sync/ { s = "true" } END { if (k) print k, s }' "$ptx" |
    while read -r k syncs; do
      echo "  {\"$k\", [](void** a) { call(&$k, a); }, $syncs},"
    done
    echo "};"
    echo "extern const int count_$mod = sizeof(table_$mod) / sizeof(table_$mod[0]);"
  } > "$src"
  "$cxx" -std=c++17 -O2 -fPIC -DFAKECUDA_HOST -I "$here" -I "$kernels" -c "$src" -o "$out/src/k_$mod.o"
  objs+=("$out/src/k_$mod.o")
done
{
  echo 'struct KernelEntry { const char* name; void (*thunk)(void**); bool syncs; };'
  echo '#include <vector>'
  mods=()
  for ptx in "$kernels"/ptx/*.ptx; do mods+=("$(basename "$ptx" .ptx)"); done
  for m in "${mods[@]}"; do echo "extern const KernelEntry table_$m[]; extern const int count_$m;"; done
  echo 'static std::vector<KernelEntry> all() { std::vector<KernelEntry> v;'
  for m in "${mods[@]}"; do echo "  v.insert(v.end(), table_$m, table_$m + count_$m);"; done
  echo '  return v; }'
  echo 'static std::vector<KernelEntry> entries = all();'
  echo 'const KernelEntry* fake_kernels_ptr = entries.data();'
  echo 'extern const int fake_kernel_count_v;'
  echo 'const int fake_kernel_count_v = (int)entries.size();'
} > "$out/src/table.cpp"
"$cxx" -std=c++17 -O2 -fPIC -c "$out/src/table.cpp" -o "$out/src/table.o"
"$cxx" -std=c++17 -O2 -fPIC -shared -I "$here" "$here/fakecuda.cpp" "${objs[@]}" "$out/src/table.o" -o "$out/libfakecuda.so"
echo "$out/libfakecuda.so"
