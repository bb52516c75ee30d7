#!/usr/bin/env bash
# Top-k kernel benchmark: ours vs FAISS IndexFlatIP on OpenBLAS (installed here: without OpenBLAS,
# FAISS falls back to reference BLAS and is ~20x slower, an unfair anchor), plus streaming bandwidth.
# Usage: tests/MemDsl.Perf/bench-kernels.sh [--sizes 100000,1000000] [--batches 1,64] [--threads 1,2] [--seconds 1] [--repeats 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c "import faiss" 2>/dev/null || ! dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-faiss libopenblas0-openmp
fi
dotnet run -c Release --project tests/MemDsl.Perf -- kernels "$@"
