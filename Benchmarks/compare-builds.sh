#!/usr/bin/env bash
# Two quarry binaries side by side on the four benches (embed, lm, dense, bm25), in
# alternating runs: each round runs every bench on both binaries back to back, the order
# swapped every round, so outside load falls on both alike. Each run's JSON goes to one
# line of the log (prefixed by round, label and bench), with the run's CPU seconds when
# perf is installed; a summary with the median and range of every figure follows
# (Benchmarks/compare-builds-summary.py).
#
# usage: Benchmarks/compare-builds.sh LOG ROUNDS LABEL_A BINARY_A LABEL_B BINARY_B
# environment:
#   BENCHES              which benches (default "embed lm dense bm25")
#   FAISS_VENV, QUARRY_PEER_VENV   peers for dense and bm25 (as in dense.sh / bm25.sh);
#                        a missing peer is skipped
#   PASSAGES             passages for bench embed (default 300, as models.sh)
# Build the binaries first, e.g. for a commit C:
#   git worktree add /tmp/q-C C && (cd /tmp/q-C && swift build -c release --scratch-path .build-C)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 6 ]] || { echo "usage: $0 LOG ROUNDS LABEL_A BINARY_A LABEL_B BINARY_B" >&2; exit 1; }
log=$1 rounds=$2
labels=("$3" "$5") binaries=("$4" "$6")
benches=${BENCHES:-embed lm dense bm25}
npy=$(Benchmarks/fetch-glove.sh)
faiss=${FAISS_VENV:-/tmp/venv-faiss}/bin/python
bm25=${QUARRY_PEER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/venv-bm25}/bin/python
perf=$(command -v perf || true)

run() { # binary bench
    local binary=$1 bench=$2 peer=()
    case $bench in
    embed) "$binary" bench embed --passages "${PASSAGES:-300}" --json ;;
    lm) "$binary" bench lm --tokens 512 --generate 128 --json ;;
    dense)
        [[ -x $faiss ]] && peer=(--peer-python "$faiss" --peer-script ../shared/peers/faiss_glove.py)
        "$binary" bench dense --dataset "$npy" --threads 2 --queries 2000 \
            --spec 'IVF1024,PQ25,Refine(10)' --nprobe 64 "${peer[@]}" --json ;;
    bm25)
        [[ -x $bm25 ]] && peer=(--peer-python "$bm25" --peer-script ../shared/peers/bm25s_beir.py)
        "$binary" bench bm25 ../shared/datasets/scifact --split train "${peer[@]}" ;;
    esac
}

for ((round = 1; round <= rounds; round++)); do
    order=(0 1)
    ((round % 2 == 0)) && order=(1 0)
    for bench in $benches; do
        for i in "${order[@]}"; do
            # CPU time (perf's task-clock, all threads and child processes, the peer's too)
            # barely depends on what else the machine runs, unlike the wall-clock figures.
            if [[ -n $perf ]]; then
                json=$("$perf" stat -e task-clock -x, -o "$log.cpu" -- bash -c "$(declare -f run); $(declare -p npy faiss bm25); run \"\$@\"" run "${binaries[$i]}" "$bench" 2>/dev/null | tail -1)
                cpu=$(awk -F, '/task-clock/ { printf "%.3f", $1 / 1000 }' "$log.cpu")
                json=$(python3 -c 'import json, sys; r = json.loads(sys.argv[1]); r["cpu_s"] = float(sys.argv[2]); print(json.dumps(r))' "$json" "$cpu")
            else
                json=$(run "${binaries[$i]}" "$bench" 2>/dev/null | tail -1)
            fi
            echo "$round ${labels[$i]} $bench $json" | tee -a "$log"
        done
    done
done
python3 Benchmarks/compare-builds-summary.py "$log"
