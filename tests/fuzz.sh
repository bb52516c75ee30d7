#!/usr/bin/env bash
# Runs the generator + analyzer fuzz test on N random declarations (default 10000) and prints the result line.
# Usage: tests/fuzz.sh [count] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export MEMDSL_FUZZ_COUNT="${1:-10000}"
export MEMDSL_FUZZ_SEED="${2:-82025}"
dotnet test tests/MemDsl.Generators.Tests --filter "FullyQualifiedName~FuzzTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "declarations,|Passed!|Failed!|Error Message" -A3
