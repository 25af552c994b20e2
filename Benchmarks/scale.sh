#!/usr/bin/env bash
# Issue 24's scale figures for N synthetic passages, BM25 only, beside bm25s on the same
# corpus and beside the issue's "today's main" rows (100k and 1M).
#
# usage: Benchmarks/scale.sh N        (e.g. 100000 or 1000000)
# environment: QUARRY_SCALE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/quarry/scale): the
#   corpus, index and bm25s files go to QUARRY_SCALE_DIR/N (several GB at 1M);
#   SCALE_SECONDS (default 20): length of each load run; SCALE_SKIP_PEER=1 skips bm25s;
#   QUARRY_BIN: a quarry executable to measure instead of this checkout's release build.
#
# Steps: Benchmarks/scale-corpus.py (kept when its manifest already says N passages),
# a release build, `quarry index --embedder none` from an empty index (time, peak RSS,
# file size), one `quarry ask` with the index file's pages dropped from the page cache
# and one with them cached (wall, peak RSS), `quarry serve` (seconds from start to its
# first answered /v1/query, RSS), Benchmarks/load.py with 1 client, with 4 clients, and
# with 4 clients while one writer posts 2 documents/s (p99, and how soon each write is
# retrieved), then Benchmarks/scale_peer.py (bm25s, one thread) on the same files.
# Figures are printed as a table; the raw JSON stays in QUARRY_SCALE_DIR/N/results.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/serve-timing.sh
if [[ $# -ne 1 || ! "$1" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 N   (N passages, e.g. 100000)" >&2
    exit 1
fi
n=$1
seconds=${SCALE_SECONDS:-20}
work="${QUARRY_SCALE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/scale}/$n"
results="$work/results"
mkdir -p "$results"

if ! python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["passages"] != int(sys.argv[2]))' \
        "$work/manifest.json" "$n" 2>/dev/null; then
    echo "generating $n passages in $work" >&2
    python3 Benchmarks/scale-corpus.py "$n" "$work" >&2
fi
question=$(head -1 "$work/questions.txt")

if [[ -n "${QUARRY_BIN:-}" ]]; then
    quarry=$QUARRY_BIN
else
    swift build -c release --product quarry >&2
    quarry="$(swift build -c release --show-bin-path)/quarry"
fi
index="$work/index.quarry"
rm -f "$index" "$index-wal" "$index-shm"

# Prints "wall_s peak_rss_kb" of the command after --, its output to the named file.
measure() {
    local log=$1; shift
    /usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log" 2>"$log.err" || { cat "$log.err" >&2; return 1; }
    cat "$log.time"
}

echo "indexing $n passages" >&2
figures=$(measure "$results/index.out" env -u OPENBLAS_CORETYPE \
    "$quarry" index --index "$index" --embedder none "$work/corpus")
read -r index_s index_kb <<<"$figures"
index_bytes=$(stat -c %s "$index")

ask=(env -u OPENBLAS_CORETYPE "$quarry" ask --index "$index" --retriever bm25 --generator extractive "$question")
evict "$index" "$index-wal"
figures=$(measure "$results/ask-cold.out" "${ask[@]}")
read -r cold_s cold_kb <<<"$figures"
figures=$(measure "$results/ask-warm.out" "${ask[@]}")
read -r warm_s warm_kb <<<"$figures"

evict "$index" "$index-wal"
serve_until_answered "$quarry" "$results/serve.log" "$question" --index "$index" --retriever bm25

load() {
    python3 Benchmarks/load.py --port "$port" --seconds "$seconds" --questions "$work/questions.txt" "$@"
}
echo "load: 1 client, 4 clients, 4 clients + 2 documents/s, ${seconds}s each" >&2
load --clients 1 >"$results/load-1.json"
load --clients 4 >"$results/load-4.json"
load --clients 4 --writers 1 --write-rate 2 --visibility >"$results/load-4-writes.json"
serve_peak_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT

if [[ "${SCALE_SKIP_PEER:-0}" != 1 ]]; then
    echo "bm25s on the same corpus" >&2
    "$(Benchmarks/bm25-venv.sh)" Benchmarks/scale_peer.py "$work/corpus" "$work/questions.txt" "$work/bm25s" \
        >"$results/bm25s.json"
else
    echo '{}' >"$results/bm25s.json"
fi

cat >"$results/quarry.json" <<EOF
{"passages": $n, "index_s": $index_s, "index_peak_rss_kb": $index_kb, "index_bytes": $index_bytes,
 "ask_cold_s": $cold_s, "ask_cold_rss_kb": $cold_kb, "ask_warm_s": $warm_s, "ask_warm_rss_kb": $warm_kb,
 "serve_first_answer_s": $first_s, "serve_rss_kb": $first_kb, "serve_peak_rss_kb": $serve_peak_kb}
EOF
python3 - "$results" <<'PY'
import json, os, sys
r = sys.argv[1]
q = json.load(open(os.path.join(r, "quarry.json")))
one, four, writes = (json.load(open(os.path.join(r, f)))
                     for f in ("load-1.json", "load-4.json", "load-4-writes.json"))
peer = json.load(open(os.path.join(r, "bm25s.json")))
mb = lambda kb: f"{kb / 1024:.0f} MB"
def load_row(report):
    x = report["routes"]["query"]
    return (f"{x['per_second']} q/s, p50 {x['p50_ms']} ms, p99 {x['p99_ms']} ms "
            f"(retrieve p50 {x.get('retrieve_p50_ms')} / p99 {x.get('retrieve_p99_ms')} ms), {x['errors']} errors")
docs = writes["routes"].get("documents", {})
seen = writes.get("visible_after", {})
rows = [
    ("`quarry index` (--embedder none)", f"{q['index_s']:.1f} s, peak RSS {mb(q['index_peak_rss_kb'])}, "
     f"file {q['index_bytes'] / 1e6:.0f} MB", "62.6 s, peak RSS 250 MB, file 222 MB",
     "710 s, peak RSS 584 MB, file 2.2 GB"),
    ("one cold `quarry ask` (file not cached)", f"{q['ask_cold_s']:.2f} s, {mb(q['ask_cold_rss_kb'])} RSS",
     "6.8 s, 639 MB RSS", "77.7 s, 5.3 GB RSS"),
    ("the same, file cached", f"{q['ask_warm_s']:.2f} s, {mb(q['ask_warm_rss_kb'])} RSS", "", ""),
    ("`quarry serve`: first answer after start", f"{q['serve_first_answer_s']} s, {mb(q['serve_rss_kb'])} RSS "
     f"(peak {mb(q['serve_peak_rss_kb'])} after the load runs)", "7.3 s, 647 MB RSS", "65.2 s, 5.3 GB RSS"),
    ("1 client on `/v1/query`", load_row(one), "", ""),
    ("4 clients on `/v1/query`", load_row(four), "513 q/s, p50 7.5 ms, p99 13.8 ms",
     "170 q/s, p50 23 ms, p99 38.5 ms"),
    ("the same while 2 documents/s are posted", load_row(writes) +
     f"; writes p50 {docs.get('p50_ms')} ms, p99 {docs.get('p99_ms')} ms; visible after p50 {seen.get('p50_s')} s, "
     f"max {seen.get('max_s')} s, never {seen.get('never_seen')}", "268 q/s, p99 264 ms",
     "1.5 q/s, p50 2.9 s, p99 4.6 s; each write 2.4 s"),
]
if peer:
    rows.append(("bm25s (one thread, same corpus)",
                 f"index {peer['index_s']} s (peak RSS {peer['index_peak_rss_mb']} MB), reopen {peer['reopen_s']} s, "
                 f"query p50 {peer['query_p50_ms']} ms, p99 {peer['query_p99_ms']} ms, {peer['queries_per_s']} q/s, "
                 f"{peer['query_peak_rss_mb']} MB RSS", "", "index 147 s, reopen 0.02 s, p50 11.3 ms, p99 233 ms"))
print(f"| measure | this run, {q['passages']:,} passages | today's main, 100k | today's main, 1M |")
print("| --- | --- | --- | --- |")
for row in rows:
    print("| " + " | ".join(row) + " |")
PY
