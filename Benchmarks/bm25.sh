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

venv="${QUARRY_PEER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/venv-bm25}"
if ! "$venv/bin/python" -c "import bm25s, Stemmer, numpy" 2>/dev/null; then
    echo "setting up bm25s in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "bm25s==0.3.16" "PyStemmer==3.1.0" numpy >&2
fi
swift build -c release >&2
"$(swift build -c release --show-bin-path)/quarry" bench bm25 "$dir" --split "$split" \
    --peer-python "$venv/bin/python" --peer-script "${QUARRY_PEER_SCRIPT:-../shared/peers/bm25s_beir.py}"
