#!/usr/bin/env bash
# Installs the Debian packages that building and testing need; skips those already present.
set -euo pipefail

packages=(
  make
  bc
  gcc-riscv64-unknown-elf
  binutils-riscv64-unknown-elf
  picolibc-riscv64-unknown-elf
  gcc-riscv64-linux-gnu
  g++-riscv64-linux-gnu
  libc6-dev-riscv64-cross
  qemu-user
  qemu-system-misc
  opensbi
  device-tree-compiler
  # guest/linux-kernel/build.sh: Debian's kernel source and what building it needs on the host
  linux-source-6.1
  xz-utils
  gcc
  libc6-dev
  flex
  bison
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi
