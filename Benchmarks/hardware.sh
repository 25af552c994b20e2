#!/usr/bin/env bash
# Quarry's speed as a new user gets it: no OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE in the
# environment, so Quarry's own BLAS kernel choice is what runs. Prints the CPU, the
# OpenBLAS core and who chose it and the C kernel paths in use (with the quantised
# kernels' paths this CPU supports) in each bench's first line, the load, then the model benches (`bench embed`,
# `bench lm` at 512 and at 4,096 tokens) beside their peers when a peer Python is given.
# Usage: Benchmarks/hardware.sh [PEER_PYTHON]
# Run from anywhere, with ../shared/datasets beside the repository and the models fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER=()
if [[ $# -ge 1 ]]; then PEER=(--peer-python "$1"); fi
PASSAGES="${PASSAGES:-300}"
clean() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u QUARRY_OPENBLAS_CORETYPE "$@"; }

swift build -c release --product quarry >&2
echo "== CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
echo "== load before: $(uptime | sed 's/.*load/load/')"
echo "== embedding: SciFact abstracts, batch 32, 256-token cap, $PASSAGES passages"
clean .build/release/quarry bench embed --passages "$PASSAGES" "${PEER[@]}"
echo "== SmolLM2: scoring 512 tokens with all logits; greedy generation of 128 tokens"
clean .build/release/quarry bench lm --tokens 512 --generate 128 "${PEER[@]}"
echo "== SmolLM2: scoring 4,096 tokens (SciFact abstracts, batches of 512) with all logits; generation of 128"
clean .build/release/quarry bench lm --tokens 4096 --generate 128 "${PEER[@]}"
echo "== load after: $(uptime | sed 's/.*load/load/')"
