#!/usr/bin/env bash
# Kernel-boot benchmark: Linux 6.1 (guest/linux-kernel) under Debian's OpenSBI, from reset to power-off, under rvt's
# engines and qemu-system-riscv64 in the same run, interleaved run by run. Prints each runner's median wall time
# (process start-up included), rvt's instructions and MIPS, and each engine's speed relative to QEMU (>1: rvt faster).
# usage: scripts/bench-boot.sh [--runs N] [--engines "interp jit"]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

runs=3
engines="interp jit"
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--engines \"interp jit\"]" >&2; exit 64 ;;
  esac
done

bash scripts/publish-rvt.sh
read -r image ramdisk < <(guest/linux-kernel/build.sh | tail -1)
firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
rvt=(dotnet "$PWD/artifacts/rvt/rvt.dll" boot --bios "$firmware" --kernel "$image" --initrd "$ramdisk" --append console=ttyS0 -m 256M)
qemu=(qemu-system-riscv64 -M virt -m 256M -nographic -monitor none -serial stdio -bios "$firmware" -kernel "$image"
      -initrd "$ramdisk" -append console=ttyS0)

# Runs a command once with stdin closed; prints its wall seconds. It must reach /init's last line.
time_one() {
  local t0 t1 out
  t0=$(now)
  out=$(timeout 600 "$@" </dev/null 2>&1)
  t1=$(now)
  grep -q "init: powering off" <<<"$out" || { echo "bench-boot: $* did not reach power-off" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

insns=$("${rvt[@]}" --engine interp --stats 2>&1 | sed -n 's/^stats: instructions-executed: //p')
declare -A times
for ((i = 0; i < runs; i++)); do
  times[qemu]+="$(time_one "${qemu[@]}") "
  for e in $engines; do times[$e]+="$(time_one "${rvt[@]}" --engine "$e") "; done
done
qemu_s=$(tr ' ' '\n' <<<"${times[qemu]}" | grep . | median)
printf 'Linux 6.1 boot to power-off: %d instructions (rvt), %d runs each, qemu-system-riscv64 %.3f s\n' "$insns" "$runs" "$qemu_s"
printf '%-8s %9s %9s %9s\n' engine seconds MIPS rvt/qemu
for e in $engines; do
  s=$(tr ' ' '\n' <<<"${times[$e]}" | grep . | median)
  awk -v e="$e" -v s="$s" -v i="$insns" -v q="$qemu_s" 'BEGIN { printf "%-8s %9.3f %9.1f %9.3f\n", e, s, i / s / 1e6, q / s }'
done
