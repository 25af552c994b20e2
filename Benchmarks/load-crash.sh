#!/usr/bin/env bash
# Rounds of: a fresh `quarry index` of a many-document corpus, kill -9 at a random
# moment within a clean build's time, a rerun to completion, until KILLS kills landed
# mid-run; after each rerun the index must equal a clean build of the same corpus (same
# documents, chunks, texts and vectors; no source left partial).
#   Benchmarks/load-crash.sh [KILLS] [CORPUS] [EMBEDDER] [DOCUMENTS]
#   (defaults: 20, SciFact's corpus.jsonl, none, all; EMBEDDER=local embeds with MiniLM,
#   DOCUMENTS=N indexes the corpus's first N lines, e.g. 600: three batches of 256)
set -euo pipefail
kills=${1:-20}
corpus=${2:-/work/shared/datasets/scifact/corpus.jsonl}
embedder=${3:-none}
documents=${4:-}
quarry=${QUARRY:-.build/release/quarry}
work=$(mktemp -d /tmp/quarry-crash-XXXXXX)
echo "work folder: $work" >&2
if [ -n "$documents" ]; then
    head -n "$documents" "$corpus" > "$work/corpus.jsonl"
    corpus="$work/corpus.jsonl"
fi
"$quarry" index "$corpus" --index "$work/clean.quarry" --embedder "$embedder" --json > "$work/clean.json" 2>/dev/null
clean_seconds=$(python3 -c "import json,sys; print(json.load(open('$work/clean.json'))['seconds'])")
compare() {
python3 - "$work/clean.quarry" "$work/crashed.quarry" <<'PY'
import json, sqlite3, sys
def contents(path):
    db = sqlite3.connect(path)
    rows = db.execute("""SELECT d.external_id, c.ordinal, c.text, (SELECT COUNT(*) FROM vectors v WHERE v.chunk_id = c.id)
                         FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY d.external_id, c.ordinal""").fetchall()
    partial = db.execute("SELECT COUNT(*) FROM sources WHERE sha256 LIKE 'partial:%'").fetchone()[0]
    return rows, partial
clean, _ = contents(sys.argv[1])
crashed, partial = contents(sys.argv[2])
documents = len({row[0] for row in crashed})
print(json.dumps({"chunks_clean": len(clean), "chunks_after_kills": len(crashed), "documents": documents,
                  "partial_sources": partial, "equal": clean == crashed and partial == 0}))
sys.exit(0 if clean == crashed and partial == 0 else 1)
PY
}
equal=0
killed=0
rounds=0
# A kill that lands after the run already finished is no kill: rounds go on until KILLS
# kills have landed mid-run (at most 3 × KILLS rounds), and every round must end equal.
while [ "$killed" -lt "$kills" ] && [ "$rounds" -lt $((3 * kills)) ]; do
    rounds=$((rounds + 1))
    rm -f "$work"/crashed.quarry*
    "$quarry" index "$corpus" --index "$work/crashed.quarry" --embedder "$embedder" --json > /dev/null 2>&1 &
    pid=$!
    delay=$(python3 -c "import random; print(round(random.uniform(0.3, $clean_seconds), 2))")
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then outcome=killed; killed=$((killed + 1)); else outcome=finished; fi
    wait "$pid" 2>/dev/null || true
    rerun=$("$quarry" index "$corpus" --index "$work/crashed.quarry" --embedder "$embedder" --json 2>/dev/null)
    if result=$(compare); then equal=$((equal + 1)); fi
    echo "round $rounds: $outcome after ${delay}s; rerun $rerun; $result" >&2
done
printf '{"rounds": %d, "killed_mid_run": %d, "equal_to_clean": %d, ' "$rounds" "$killed" "$equal"
printf '"embedder": "%s", "clean_seconds": %s}\n' "$embedder" "$clean_seconds"
[ "$equal" -eq "$rounds" ] && [ "$killed" -eq "$kills" ]
