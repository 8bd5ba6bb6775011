#!/usr/bin/env bash
# Installs what is missing, builds rvt and the guests, and runs a bundled guest program.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/publish-rvt.sh
make -C guest -j2 all >/dev/null
guest=${1:-guest/build/bench/crc32.elf}
echo "== rvt boot --kernel $guest --stats"
dotnet artifacts/rvt/rvt.dll boot --kernel "$guest" --stats
