#!/bin/sh
# Runs the kernel and priv ELFs under QEMU and under an rvt binary, and
# compares console output (without stats: lines) and exit codes.
# Usage (from guest/): [RVT_ARGS="--engine interp"] kernel/compare.sh <rvt> [elf...]
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 <rvt-binary> [elf...]" >&2
    exit 2
fi
rvt=$1
shift
[ $# -gt 0 ] || set -- build/kernel/*.elf build/priv/*.elf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    ./run-qemu.sh "$elf" >"$work/qemu.txt" 2>/dev/null
    qemu_rc=$?
    # shellcheck disable=SC2086 # RVT_ARGS is a list of options
    timeout 600 "$rvt" boot --kernel "$elf" ${RVT_ARGS:-} >"$work/rvt.txt" 2>"$work/rvt.err"
    rvt_rc=$?
    grep -v '^stats:' "$work/qemu.txt" >"$work/qemu.cmp"
    grep -v '^stats:' "$work/rvt.txt" >"$work/rvt.cmp"
    if [ $qemu_rc -eq $rvt_rc ] && cmp -s "$work/qemu.cmp" "$work/rvt.cmp"; then
        echo "same     $name (exit $qemu_rc)"
    else
        echo "DIFFERS  $name (qemu exit $qemu_rc, rvt exit $rvt_rc)"
        diff "$work/qemu.cmp" "$work/rvt.cmp" | sed 's/^/    /'
        status=1
    fi
done
exit $status
