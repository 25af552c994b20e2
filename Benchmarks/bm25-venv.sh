#!/usr/bin/env bash
# Prints the Python of the BM25 peer's virtual environment (bm25s 0.3.16, PyStemmer 3.1.0,
# numpy), creating it on first use; safe to run again.
# environment: QUARRY_PEER_VENV (default ${XDG_CACHE_HOME:-~/.cache}/quarry/venv-bm25)
set -euo pipefail
venv="${QUARRY_PEER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/venv-bm25}"
if ! "$venv/bin/python" -c "import bm25s, Stemmer, numpy" 2>/dev/null; then
    echo "setting up bm25s in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "bm25s==0.3.16" "PyStemmer==3.1.0" numpy >&2
fi
echo "$venv/bin/python"
