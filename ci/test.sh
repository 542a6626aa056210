#!/usr/bin/env bash
# What CI runs (.ci/run calls this): the README's test command, with timing.
# It installs what the project needs (scripts/setup-deps, via the command),
# builds the `ci`, `tsan` and `asan` presets and runs ctest on each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)
status=0
scripts/gauntlet test || status=$?
echo "[ci] scripts/gauntlet test exited $status after $(( $(date +%s) - start ))s"
exit $status
