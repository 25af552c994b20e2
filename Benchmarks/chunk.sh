#!/usr/bin/env bash
# Perplexity chunking's language-model pass beside llama.cpp, in one run on this machine:
# the same CovidQA text, the same overlapping windows, all logits, 2 threads each.
# Usage: Benchmarks/chunk.sh [PEER_PYTHON]   (default /tmp/venv-peers/bin/python)
# Run from the repository root, with ../shared/datasets beside it and the models fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_PYTHON="${1:-/tmp/venv-peers/bin/python}"
swift build -c release --product quarry
for window in 512 1024; do
    echo "== scoring window $window tokens (overlap $((window / 8))), 4096 tokens of CovidQA"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .build/release/quarry bench chunk --tokens 4096 \
        --scoring-window "$window" --peer-python "$PEER_PYTHON" --json
done
