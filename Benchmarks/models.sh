#!/usr/bin/env bash
# Quarry's model runtime beside its peers, in one run on this machine:
#   MiniLM embedding vs sentence-transformers, SmolLM2 scoring and generation vs llama.cpp.
# Usage: Benchmarks/models.sh [PEER_PYTHON]   (default /tmp/venv-peers/bin/python, made if missing)
# Run from the repository root, with ../shared/datasets beside it and the models fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_PYTHON="${1:-/tmp/venv-peers/bin/python}"
if [[ ! -x "$PEER_PYTHON" ]]; then
    python3 -m venv /tmp/venv-peers
    /tmp/venv-peers/bin/pip install --quiet sentence-transformers llama-cpp-python
    PEER_PYTHON=/tmp/venv-peers/bin/python
fi
bash Deploy/fetch-models.sh
swift build -c release --product quarry
PASSAGES="${PASSAGES:-300}"
# The encoder's linear layers in float32 (the reference) and, where the CPU has AVX-512 BF16,
# in bfloat16 (the default there); each run also times model load + one cold embed per side.
PRECISIONS="fp32"
grep -qw avx512_bf16 /proc/cpuinfo && PRECISIONS="fp32 bf16"
for precision in $PRECISIONS; do
    echo "== embedding ($precision): SciFact abstracts, batch 32, 256-token cap, $PASSAGES passages"
    .build/release/quarry bench embed --passages "$PASSAGES" --encoder-precision "$precision" \
        --peer-python "$PEER_PYTHON" --json
done
echo "== SmolLM2: scoring 512 tokens with all logits; greedy generation of 128 tokens"
.build/release/quarry bench lm --tokens 512 --generate 128 --peer-python "$PEER_PYTHON" --json
