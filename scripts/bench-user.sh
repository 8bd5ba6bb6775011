#!/usr/bin/env bash
# User-mode benchmark: the CPU-bound programs of guest/bench, built as static riscv64 Linux programs, run under
# rvt's engines and qemu-riscv64 in the same run, with a native build of the same source for reference.
# usage: scripts/bench-user.sh [--runs N] [--engines "interp jit"] [program-name ...]
# For each program: guest instructions (from rvt --stats), then per runner the median wall time and MIPS, and each
# rvt engine's speed relative to QEMU and to native (>1 means rvt is faster). Wall times include process start-up
# (about 0.1 s for rvt's .NET runtime). Every runner's output must match QEMU's, or the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

runs=3
engines="interp jit"
names=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done

bash scripts/publish-rvt.sh # ReadyToRun: start-up is part of every measurement
make -C guest -j2 bench-linux bench-native >/dev/null
rvt=(dotnet "$PWD/artifacts/rvt/rvt.dll")

if ((${#names[@]} == 0)); then
  for f in guest/build/bench-linux/*; do names+=("$(basename "$f")"); done
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Times one command in the scratch directory; prints the seconds. Its stdout goes to $scratch/out.
time_once() {
  local t0 t1
  t0=$(now)
  (cd "$scratch" && "$@" >"$scratch/out" 2>"$scratch/err")
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

header="program        instructions"
for e in $engines; do header+=$(printf ' %9s %9s %8s %8s' "$e-s" "$e-MIPS" "$e/qemu" "$e/nat"); done
header+=$(printf ' %9s %9s %9s' qemu-s qemu-MIPS native-s)
echo "$header"
for name in "${names[@]}"; do
  prog=$PWD/guest/build/bench-linux/$name
  native=$PWD/guest/build/bench-native/$name
  insns=$(cd "$scratch" && "${rvt[@]}" run --engine interp --stats "$prog" 2>&1 >/dev/null | sed -n 's/^stats: instructions-executed: //p')
  # The runners take turns, run after run, so that a slow spell of the shared machine falls on all of them alike.
  declare -A times=()
  for ((i = 0; i < runs; i++)); do
    times[qemu]+="$(time_once qemu-riscv64 "$prog") "
    cp "$scratch/out" "$scratch/expected"
    times[native]+="$(time_once "$native") "
    for e in $engines; do
      times[$e]+="$(time_once "${rvt[@]}" run --engine "$e" "$prog") "
      if ! cmp -s "$scratch/out" "$scratch/expected"; then
        echo "$name: rvt --engine $e output differs from qemu-riscv64" >&2
        exit 1
      fi
    done
  done
  median_of() { printf '%s\n' ${times[$1]} | median; }
  qemu_s=$(median_of qemu)
  native_s=$(median_of native)
  line=$(printf '%-14s %13d' "$name" "$insns")
  for e in $engines; do
    s=$(median_of "$e")
    line+=$(awk -v i="$insns" -v s="$s" -v q="$qemu_s" -v n="$native_s" \
      'BEGIN { printf " %9.3f %9.1f %8.3f %8.3f", s, i / s / 1e6, q / s, n / s }')
  done
  line+=$(awk -v i="$insns" -v q="$qemu_s" -v n="$native_s" 'BEGIN { printf " %9.3f %9.1f %9.3f", q, i / q / 1e6, n }')
  echo "$line"
  unset times
done
