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

# Drops the index file's pages from the page cache, so the next process reads it from disk.
evict() {
    python3 -c 'import os,sys
for p in sys.argv[1:]:
    if os.path.exists(p):
        f = os.open(p, os.O_RDONLY); os.fsync(f); os.posix_fadvise(f, 0, 0, os.POSIX_FADV_DONTNEED); os.close(f)' \
        "$index" "$index-wal"
}

for retriever in bm25 dense hybrid; do
    evict
    /usr/bin/time -f "cold ask --retriever $retriever: %e s, peak RSS %M KB" -o "$out/ask-$retriever.time" \
        env -u OPENBLAS_CORETYPE "$quarry" ask --index "$index" --retriever "$retriever" --generator extractive \
        "$question" >"$out/ask-$retriever.out" 2>"$out/ask-$retriever.err" || { cat "$out/ask-$retriever.err" >&2; exit 1; }
    cat "$out/ask-$retriever.time"
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
evict
started=$(date +%s.%N)
env -u OPENBLAS_CORETYPE "$quarry" serve --index "$index" --retriever hybrid --port "$port" --no-ui \
    >"$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
body=$(python3 -c 'import json,sys; print(json.dumps({"question": sys.argv[1]}))' "$question")
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/query"; do
    kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
    sleep 0.05
done
echo "serve --retriever hybrid: first answer after $(python3 -c "print(round($(date +%s.%N) - $started, 2))") s," \
    "RSS $(awk '/^VmRSS/ {print $2}' "/proc/$server/status") KB"
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
