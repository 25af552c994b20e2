#!/usr/bin/env bash
# Sets up what the tests need (system packages, model weights) and runs the whole test
# suite in release mode. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
QUARRY_SKIP_BUILD=1 Deploy/setup.sh
swift test -c release
