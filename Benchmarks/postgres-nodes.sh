#!/usr/bin/env bash
# Quarry nodes on one PostgreSQL index (docs/postgres.md, docs/benchmarks.md):
#   1. what a node's start costs: `quarry serve --index URL` from launch to its first
#      answer and its RSS then, beside `quarry serve --index FILE` holding the same corpus;
#   2. two nodes on URL under Benchmarks/load.py --ports: CLIENTS query clients and two
#      writers (2 documents/s in all, one per node) spread over both, each write timed
#      until the *other* node answers with it; nothing lost or duplicated;
#   3. the same load on one node over FILE, beside it.
#
#   Benchmarks/postgres-nodes.sh URL [FILE] [QUESTIONS]
#   (QUARRY_BIN, RETRIEVER=bm25, CLIENTS=32, SECONDS_EACH=20)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve-timing.sh"
quarry=${QUARRY_BIN:-$here/../.build/release/quarry}
url=$1
file=${2:-}
questions=${3:-/work/scale/100000/questions.txt}
retriever=${RETRIEVER:-bm25}
clients=${CLIENTS:-32}
seconds=${SECONDS_EACH:-20}
question=$(head -1 "$questions")
logs=$(mktemp -d)

for index in "$url" ${file:+"$file"}; do
    [ "$index" = "$file" ] && evict "$file" "$file-wal"
    serve_until_answered "$quarry" "$logs/start.log" "$question" --index "$index" --retriever "$retriever" --embedder none
    label=$([ "$index" = "$url" ] && echo postgres || echo file)
    echo "{\"start\": \"$label\", \"first_answer_s\": $first_s, \"rss_mb\": $((first_kb / 1024))}"
    kill "$server"
    wait "$server" 2>/dev/null || true
done

ports=()
pids=()
for node in 1 2; do
    serve_until_answered "$quarry" "$logs/node$node.log" "$question" --index "$url" --retriever "$retriever" --embedder none \
        --max-requests-per-client 64
    ports+=("$port")
    pids+=("$server")
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
python3 "$here/load.py" --ports "${ports[0]},${ports[1]}" --clients "$clients" --writers 2 --write-rate 2 \
    --visibility --seconds "$seconds" --questions "$questions"
for pid in "${pids[@]}"; do
    echo "{\"node_rss_mb\": $(($(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") / 1024))}"
done

# The same load on one node over FILE, beside it.
if [ -n "$file" ]; then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    serve_until_answered "$quarry" "$logs/file.log" "$question" --index "$file" --retriever "$retriever" --embedder none \
        --max-requests-per-client 64
    python3 "$here/load.py" --port "$port" --clients "$clients" --writers 2 --write-rate 2 \
        --visibility --seconds "$seconds" --questions "$questions"
    echo "{\"file_node_rss_mb\": $(($(awk '/^VmRSS/ {print $2}' "/proc/$server/status") / 1024))}"
fi
