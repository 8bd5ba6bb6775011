#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite. Prints "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
dotnet build Translator.sln -c Release -warnaserror -nologo -v quiet
make -C guest -j2 all >/dev/null
# The kernel LinuxBootTests boots, built before the tests start (minutes of compiling) so that timing-sensitive
# oracle runs do not share the cores with it.
guest/linux-kernel/build.sh >/dev/null

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Translator.sln -c Release --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then status=1; fi
exit "$status"
