#!/usr/bin/env bash
# Benchmarks rvt against qemu-system-riscv64 on the same bare-metal ELFs, side by side in one run.
# usage: scripts/bench.sh [--runs N] [--engine interp] [program-name ...]
# For each program: guest instructions, rvt's median wall time and MIPS, QEMU's median wall time,
# and speed relative to QEMU (>1 means rvt is faster). Wall times include process start-up for both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

runs=3
engine=interp
names=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done

bash scripts/setup.sh
bash scripts/publish-rvt.sh # ReadyToRun: start-up is part of every measurement
make -C guest -j2 bench >/dev/null
rvt=(dotnet artifacts/rvt/rvt.dll)

if ((${#names[@]} == 0)); then
  for f in guest/build/bench/*.elf; do names+=("$(basename "$f" .elf)"); done
fi


printf '%-14s %14s %10s %9s %10s %12s\n' program instructions rvt-s rvt-MIPS qemu-s rvt/qemu
for name in "${names[@]}"; do
  elf=guest/build/bench/$name.elf
  rvt_times=(); qemu_times=(); insns=0
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    stats=$("${rvt[@]}" boot --kernel "$elf" --engine "$engine" --stats 2>&1 >/dev/null)
    t1=$(now)
    guest/run-qemu.sh "$elf" 600 >/dev/null
    t2=$(now)
    insns=$(echo "$stats" | sed -n 's/^stats: instructions-executed: //p')
    rvt_times+=("$(echo "$t1 - $t0" | bc -l)")
    qemu_times+=("$(echo "$t2 - $t1" | bc -l)")
  done
  rvt_s=$(printf '%s\n' "${rvt_times[@]}" | median)
  qemu_s=$(printf '%s\n' "${qemu_times[@]}" | median)
  awk -v n="$name" -v i="$insns" -v r="$rvt_s" -v q="$qemu_s" \
    'BEGIN { printf "%-14s %14d %10.3f %9.1f %10.3f %12.3f\n", n, i, r, i / r / 1e6, q, q / r }'
done
