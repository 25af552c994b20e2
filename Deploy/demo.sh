#!/usr/bin/env bash
# The main job, from a fresh clone: set up, index the shipped PostgreSQL manual sample
# (Corpora/) and answer a question with citations. Safe to run twice (the second run
# skips unchanged files).
#
#   Deploy/demo.sh ["your question"]
set -euo pipefail
cd "$(dirname "$0")/.."
Deploy/setup.sh
quarry="$(swift build -c release --show-bin-path)/quarry"
"$quarry" index Corpora/postgresql-manual
"$quarry" ask "${1:-How do I create a partial index, and when is it useful?}"
