#!/usr/bin/env bash
# BM25 side by side with bm25s in one run: `quarry bench bm25` indexes the BEIR folder
# (one chunk per document, like the peer), scores the judged queries, then runs the
# peer script with a Python that has bm25s and PyStemmer, and prints both.
#
# usage: Benchmarks/bm25.sh [BEIR_DIR] [SPLIT]   (default: ../shared/datasets/scifact train)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/datasets/scifact}"
split="${2:-train}"

python=$(Benchmarks/bm25-venv.sh)
swift build -c release >&2
"$(swift build -c release --show-bin-path)/quarry" bench bm25 "$dir" --split "$split" \
    --peer-python "$python" --peer-script "${QUARRY_PEER_SCRIPT:-../shared/peers/bm25s_beir.py}"
