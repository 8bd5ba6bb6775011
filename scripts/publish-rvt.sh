#!/usr/bin/env bash
# Publishes rvt as a ReadyToRun build (precompiled, so start-up does not wait for the JIT) to artifacts/rvt/.
# usage: scripts/publish-rvt.sh     then: dotnet artifacts/rvt/rvt.dll ...
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/Translator.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/rvt -nologo -v quiet >/dev/null
