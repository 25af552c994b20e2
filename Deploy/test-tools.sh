#!/usr/bin/env bash
# Installs what only the tests use, so the demo installs only what it runs. Safe to run
# twice: it installs only what is missing.
#
#   - Debian's chromium and chromium-driver: the browser tests (the web page, cross-site
#     writes) drive a real headless browser through selenium, offline (SE_OFFLINE=true,
#     Debian's paths: Selenium Manager would otherwise try the network for a browser).
#   - A Python venv beside the models, ${XDG_CACHE_HOME:-~/.cache}/quarry/venv-tools:
#     OpenAI's official client (against `quarry serve`'s /v1/chat/completions),
#     llama.cpp's OpenAI-compatible server (the peer the OpenAI generator is tested
#     against) and selenium. llama-cpp-python is built from source on PyPI: with pip's
#     wheel cache warm the install takes seconds, cold it compiles llama.cpp (minutes on
#     2 cores), without -march=native so the wheel runs on any x86-64 CPU the cache
#     travels to.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "test-tools: $*" >&2; }

packages=(chromium chromium-driver)
Deploy/debian-packages.sh "${packages[@]}"

tools_venv="${XDG_CACHE_HOME:-$HOME/.cache}/quarry/venv-tools"
tools=(openai==3.57.0 "llama-cpp-python[server]==0.3.36" selenium==4.50.0)
check='import openai, llama_cpp.server, selenium
assert openai.__version__ == "3.57.0" and llama_cpp.__version__ == "0.3.36" and selenium.__version__ == "4.50.0"'
if ! "$tools_venv/bin/python" -c "$check" 2>/dev/null; then
    say "installing ${tools[*]} into $tools_venv"
    started=$(date +%s)
    python3 -m venv "$tools_venv"
    "$tools_venv/bin/pip" install -q --upgrade pip >/dev/null
    CMAKE_ARGS="-DGGML_NATIVE=OFF" "$tools_venv/bin/pip" install -q "${tools[@]}"
    say "python tools installed in $(($(date +%s) - started)) s"
fi
