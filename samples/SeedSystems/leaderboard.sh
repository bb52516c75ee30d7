#!/usr/bin/env bash
# The seed-systems leaderboard (samples/SeedSystems/README.md) in one command: every sample plus the
# BM25-only and cosine-only baselines on LoCoMo dev's validation split (no feedback) and on each built-in
# synthetic stream, then the same designs on the search split, where feedback-driven designs learn
# online from the gold evidence. All MiniLM designs run on the real all-MiniLM-L6-v2 (embeddings cached).
#   samples/SeedSystems/leaderboard.sh [locomo.json] [output folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/locomo/dev.json}
out=${2:-seed-leaderboard}
dotnet build -c Release src/MemDsl.Cli -v q -nologo
bench() { dotnet run -c Release --no-build --project src/MemDsl.Cli -- bench --samples --baseline bm25 --baseline minilm-cosine --embedder minilm "$@"; }
bench --data "$data" --split validation --stream fact-updates --stream experience-reuse --stream temporal --out "$out/validation"
bench --data "$data" --split search --out "$out/search-with-feedback"
