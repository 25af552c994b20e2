#!/usr/bin/env bash
# Single-kernel timings of the quantised matrix-vector kernels on every path this CPU
# supports (Benchmarks/quant_kernels.c), compiled with the same flags as the package's
# CQuantKernels target (-O3; vector paths by per-function target attributes).
# Usage: Benchmarks/quant-kernels.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
clang -O3 -ISources/CQuantKernels/include -ISources/CQuantKernels -ISources/CCPUDispatch/include \
    Benchmarks/quant_kernels.c Sources/CQuantKernels/*.c Sources/CCPUDispatch/CCPUDispatch.c -lm -o "$out/quant-kernels"
echo "== $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/quant-kernels"
