#!/usr/bin/env bash
# Benchmarks rvt against qemu-system-riscv64 on the same bare-metal ELFs, side by side in one run.
# usage: scripts/bench.sh [--runs N] [--engines "interp jit"] [program-name ...]   (--engine E is --engines E)
# For each program: guest instructions; per engine its median wall time, MIPS and speed relative to QEMU (>1 means
# rvt is faster); for the jit engine the share of instructions run translated and the translation time (medians);
# QEMU's median wall time; and with both engines, jit/interp, by wall time and by run time (rvt's own --stats
# seconds: from the guest's first instruction to its exit, so without the ~60 ms of .NET start-up and machine set-up
# that both engines pay). The runners take turns, run after run, so that a slow spell of the shared machine falls on
# all of them alike. Wall times include process start-up for every runner.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

runs=3
engines="jit"
names=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --engines | --engine) engines=$2; shift 2 ;;
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

stat_of() { sed -n "s/^stats: $1: //p" <<<"$2" | tr -d '%'; }

header="program          instructions"
for e in $engines; do
  header+=$(printf ' %8s %11s %11s' "$e-s" "$e-MIPS" "$e/qemu")
  [[ $e == jit ]] && header+=$(printf ' %10s %9s' "translated" "xlate-s")
done
header+=$(printf ' %8s' qemu-s)
[[ " $engines " == *" interp "* && " $engines " == *" jit "* ]] && header+=$(printf ' %11s %11s' jit/interp run-ratio)
echo "$header"
for name in "${names[@]}"; do
  elf=guest/build/bench/$name.elf
  declare -A times=() runs_s=() shares=() xlate=()
  insns=0
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    guest/run-qemu.sh "$elf" 600 >/dev/null
    t1=$(now)
    times[qemu]+="$(echo "$t1 - $t0" | bc -l) "
    for e in $engines; do
      t0=$(now)
      stats=$("${rvt[@]}" boot --kernel "$elf" --engine "$e" --stats 2>&1 >/dev/null)
      t1=$(now)
      times[$e]+="$(echo "$t1 - $t0" | bc -l) "
      insns=$(stat_of instructions-executed "$stats")
      runs_s[$e]+="$(stat_of seconds "$stats") "
      if [[ $e == jit ]]; then
        shares[$e]+="$(stat_of jit-translated-share "$stats") "
        xlate[$e]+="$(stat_of jit-translation-seconds "$stats") "
      fi
    done
  done
  median_of() { printf '%s\n' $1 | median; }
  qemu_s=$(median_of "${times[qemu]}")
  line=$(printf '%-14s %14d' "$name" "$insns")
  for e in $engines; do
    s=$(median_of "${times[$e]}")
    line+=$(awk -v i="$insns" -v s="$s" -v q="$qemu_s" 'BEGIN { printf " %8.3f %11.1f %11.3f", s, i / s / 1e6, q / s }')
    [[ $e == jit ]] && line+=$(printf ' %9.2f%% %9.3f' "$(median_of "${shares[$e]}")" "$(median_of "${xlate[$e]}")")
  done
  line+=$(printf ' %8.3f' "$qemu_s")
  if [[ -n ${times[interp]:-} && -n ${times[jit]:-} ]]; then
    line+=$(awk -v a="$(median_of "${times[interp]}")" -v b="$(median_of "${times[jit]}")" 'BEGIN { printf " %10.1fx", a / b }')
    line+=$(awk -v a="$(median_of "${runs_s[interp]}")" -v b="$(median_of "${runs_s[jit]}")" 'BEGIN { printf " %10.1fx", a / b }')
  fi
  echo "$line"
  unset times runs_s shares xlate
done
