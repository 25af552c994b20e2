#!/usr/bin/env bash
# The BM25 peer: bm25s (k1 1.5, b 0.75, Lucene IDF, English stop words, PyStemmer)
# on a BEIR folder, printing one JSON line (ndcg@10, recall@100, index_s, query_ms).
#
# usage: Benchmarks/bm25_peer.sh BEIR_DIR [QUERIES_JSONL] [QRELS_TSV]
#   defaults: BEIR_DIR/queries.jsonl and BEIR_DIR/qrels/train.tsv (else test.tsv)
# environment: QUARRY_PEER_VENV (see bm25-venv.sh),
#   QUARRY_PEER_SCRIPT (default ../shared/peers/bm25s_beir.py beside the repository).
# Creates the virtual environment on first use; safe to run again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 || ! -d "$1" ]]; then
    echo "usage: $0 BEIR_DIR [QUERIES_JSONL] [QRELS_TSV] (BEIR_DIR must be a folder with corpus.jsonl)" >&2
    exit 1
fi
dir="$1"
queries="${2:-$dir/queries.jsonl}"
if [[ $# -ge 3 ]]; then
    qrels="$3"
elif [[ -f "$dir/qrels/train.tsv" ]]; then
    qrels="$dir/qrels/train.tsv"
else
    qrels="$dir/qrels/test.tsv"
fi
for file in "$dir/corpus.jsonl" "$queries" "$qrels"; do
    [[ -f "$file" ]] || { echo "$0: missing $file" >&2; exit 1; }
done

script="${QUARRY_PEER_SCRIPT:-$here/../../shared/peers/bm25s_beir.py}"
[[ -f "$script" ]] || { echo "$0: peer script not found at $script (set QUARRY_PEER_SCRIPT)" >&2; exit 1; }

python=$("$here/bm25-venv.sh")
exec "$python" "$script" "$dir" "$queries" "$qrels"
