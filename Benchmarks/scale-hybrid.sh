#!/usr/bin/env bash
# BM25 and IVF-PQ in one process at scale: cold `quarry ask` by retriever, `quarry serve
# --retriever hybrid`'s first answer and its memory before and after 1 and 4 clients.
#
# usage: Benchmarks/scale-hybrid.sh INDEX QUESTIONS
#   INDEX: a file with both indexes, e.g. from `quarry bench dense-store --passages …`;
#   QUESTIONS: one a line (the first is asked cold); QUARRY_BIN: the quarry to measure
#   (default: this checkout's release build); SCALE_SECONDS: each load run (default 20).
# Raw results go to INDEX.results/.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/serve-timing.sh
if [[ $# -ne 2 || ! -f "$1" || ! -f "$2" ]]; then
    echo "usage: $0 INDEX QUESTIONS   (both existing files)" >&2
    exit 1
fi
index=$1
questions=$2
seconds=${SCALE_SECONDS:-20}
quarry=${QUARRY_BIN:-$(swift build -c release --show-bin-path)/quarry}
question=$(head -1 "$questions")
out="$index.results"
mkdir -p "$out"

for retriever in bm25 dense hybrid; do
    evict "$index" "$index-wal"
    /usr/bin/time -f "cold ask --retriever $retriever: %e s, peak RSS %M KB" -o "$out/ask-$retriever.time" \
        env -u OPENBLAS_CORETYPE "$quarry" ask --index "$index" --retriever "$retriever" --generator extractive \
        "$question" >"$out/ask-$retriever.out" 2>"$out/ask-$retriever.err" || { cat "$out/ask-$retriever.err" >&2; exit 1; }
    cat "$out/ask-$retriever.time"
done

evict "$index" "$index-wal"
serve_until_answered "$quarry" "$out/serve.log" "$question" --index "$index" --retriever hybrid
echo "serve --retriever hybrid: first answer after $first_s s, RSS $first_kb KB"
for clients in 1 4; do
    python3 Benchmarks/load.py --port "$port" --seconds "$seconds" --questions "$questions" --clients "$clients" \
        >"$out/load-$clients.json"
    python3 - "$out/load-$clients.json" "$clients" <<'PY'
import json, sys
q = json.load(open(sys.argv[1]))["routes"]["query"]
print(f"{sys.argv[2]} clients: {q['per_second']} q/s, p50 {q['p50_ms']} ms, p99 {q['p99_ms']} ms, "
      f"retrieve p50 {q['retrieve_p50_ms']} ms, p99 {q['retrieve_p99_ms']} ms, {q['errors']} errors")
PY
done
echo "serve after the load: RSS $(awk '/^VmRSS/ {print $2}' "/proc/$server/status") KB," \
    "peak $(awk '/^VmHWM/ {print $2}' "/proc/$server/status") KB"
echo "I/O pressure: $(head -1 /proc/pressure/io 2>/dev/null || echo unavailable)"
