#!/usr/bin/env bash
# Runs the SIGKILL crash trials N times (default 200) and prints the result line.
# Usage: tests/crash-trials.sh [trials]
set -euo pipefail
cd "$(dirname "$0")/.."
export MEMDSL_CRASH_TRIALS="${1:-200}"
dotnet test tests/MemDsl.Runtime.Tests --filter "FullyQualifiedName~CrashTrialTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "crash trials passed|Passed!|Failed!|Assert|Error Message" -A2
