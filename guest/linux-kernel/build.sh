#!/usr/bin/env bash
# Builds a small riscv64 Linux kernel (Debian's linux-source-6.1, tinyconfig plus kernel.config) and an initramfs
# holding init.c as /init, into guest/build/linux-kernel/{Image,vmlinux,initramfs.cpio} (vmlinux: the same kernel as
# an ELF with its symbols, which rvt boot --kernel also takes). Incremental: the kernel is rebuilt
# only when kernel.config or this script changes, the initramfs when init.c does. About 3 minutes on 2 cores the
# first time. scripts/setup.sh installs what it needs (linux-source-6.1, flex, bison, bc, cpio, the cross compilers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)/build/linux-kernel
src=$out/src
make_kernel=(make -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$(nproc)")
mkdir -p "$out"

tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
if [[ -z $tarball ]]; then
  echo "build.sh: /usr/src/linux-source-6.1.tar.xz is missing; run scripts/setup.sh (package linux-source-6.1)" >&2
  exit 1
fi

# The kernel, when its inputs are newer than the Image.
if [[ ! -f $out/Image || $here/kernel.config -nt $out/Image || $0 -nt $out/Image || $tarball -nt $out/Image ]]; then
  if [[ ! -f $src/Makefile || $tarball -nt $src/Makefile ]]; then
    rm -rf "$src" && mkdir -p "$src"
    tar -xJf "$tarball" -C "$src" --strip-components=1
  fi
  "${make_kernel[@]}" tinyconfig >/dev/null
  (cd "$src" && scripts/kconfig/merge_config.sh -m -O . .config "$here/kernel.config") >"$out/config-merge.log" 2>&1
  "${make_kernel[@]}" olddefconfig >/dev/null
  "${make_kernel[@]}" Image >"$out/kernel-build.log" 2>&1 || { tail -30 "$out/kernel-build.log" >&2; exit 1; }
  cp "$src/vmlinux" "$out/vmlinux.tmp" && mv -f "$out/vmlinux.tmp" "$out/vmlinux"
  cp "$src/arch/riscv/boot/Image" "$out/Image.tmp" && mv -f "$out/Image.tmp" "$out/Image"
fi
# Builds of this script before vmlinux was kept.
[[ -f $out/vmlinux ]] || cp "$src/vmlinux" "$out/vmlinux"

# The initramfs, written by the kernel's own gen_init_cpio, so device nodes need no root.
if [[ ! -f $out/initramfs.cpio || $here/init.c -nt $out/initramfs.cpio || $out/Image -nt $out/initramfs.cpio ]]; then
  riscv64-linux-gnu-gcc -O2 -static -Wall -Wextra -o "$out/init" "$here/init.c"
  cat >"$out/initramfs.list" <<LIST
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
dir /proc 555 0 0
file /init $out/init 755 0 0
LIST
  "$src/usr/gen_init_cpio" "$out/initramfs.list" >"$out/initramfs.tmp" && mv -f "$out/initramfs.tmp" "$out/initramfs.cpio"
fi
echo "$out/Image $out/initramfs.cpio"
