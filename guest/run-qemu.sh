#!/bin/sh
# Runs a bare-metal guest ELF under qemu-system-riscv64 and exits with its
# exit code. ELFs with a `tohost` symbol run on the spike machine (HTIF),
# others on virt. Usage: run-qemu.sh <elf> [timeout-seconds]
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 <elf> [timeout-seconds]" >&2
    exit 2
fi
elf=$1
seconds=${2:-${QEMU_TIMEOUT:-60}}

machine=virt
if riscv64-unknown-elf-nm "$elf" 2>/dev/null | grep -q ' tohost$'; then
    machine=spike
fi

# -serial mon:stdio would echo monitor escapes; a plain stdio serial keeps
# the console output byte-exact. stdin is closed so QEMU never waits on it.
exec timeout --foreground -k 5 "$seconds" \
    qemu-system-riscv64 -M "$machine" -bios none -nographic -monitor none \
    -serial stdio -kernel "$elf" </dev/null
