# Sourced by Benchmarks/scale.sh and Benchmarks/scale-hybrid.sh: the page-cache eviction
# and the timed server start both measure.

# Drops the named files' pages from the page cache (no root needed: clean pages of one
# file), so the next process reads them from disk. Missing files are skipped.
evict() {
    python3 -c 'import os,sys
for p in sys.argv[1:]:
    if os.path.exists(p):
        f = os.open(p, os.O_RDONLY); os.fsync(f); os.posix_fadvise(f, 0, 0, os.POSIX_FADV_DONTNEED); os.close(f)' "$@"
}

# serve_until_answered QUARRY LOG QUESTION SERVE-ARGS…: starts `QUARRY serve SERVE-ARGS…`
# on a free port (output to LOG), killed when the script exits, and waits until it
# answers QUESTION on /v1/query. Sets port, server (its pid), first_s (seconds from the
# start to that answer) and first_kb (its RSS then).
serve_until_answered() {
    local quarry=$1 log=$2 question=$3
    shift 3
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local started body
    started=$(date +%s.%N)
    env -u OPENBLAS_CORETYPE "$quarry" serve "$@" --port "$port" --no-ui >"$log" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true' EXIT
    body=$(python3 -c 'import json,sys; print(json.dumps({"question": sys.argv[1]}))' "$question")
    until curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/query"; do
        kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.05
    done
    first_s=$(python3 -c "print(round($(date +%s.%N) - $started, 2))")
    first_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
}
