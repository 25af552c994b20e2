#!/usr/bin/env bash
# Quarry's dense index beside faiss-cpu on GloVe-6B-50d, measured in one run with the
# same threads and queries: IVF1024,PQ25 at nprobe 64, exact re-scoring of 10·k.
# usage: Benchmarks/dense.sh [THREADS] [QUERIES]   (defaults 2 and 2000)
# Prints the JSON of `quarry bench dense --json`, then a summary with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
queries=${2:-2000}
npy=$(Benchmarks/fetch-glove.sh)
venv=${FAISS_VENV:-/tmp/venv-faiss}
if ! "$venv/bin/python" -c 'import faiss, numpy' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet faiss-cpu numpy >&2
fi
peer_script=${FAISS_PEER:-../shared/peers/faiss_glove.py}
swift build -c release --product quarry >&2
report=$(.build/release/quarry bench dense --dataset "$npy" --threads "$threads" --queries "$queries" \
    --spec 'IVF1024,PQ25,Refine(10)' --nprobe 64 \
    --peer-python "$venv/bin/python" --peer-script "$peer_script" --json)
echo "$report"
python3 - "$report" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
for side in ("quarry", "peer"):
    f = r[side]
    print(f"{f['system']:>18}: recall@10 {f['recall@10']:.4f}  {f['qps']:8.1f} QPS  "
          f"{f['bytes_per_vector']:6.2f} B/vector  build {f['build_s']:.1f} s"
          + (f"  (train {f['train_s']:.1f} s)" if f.get('train_s') is not None else ""))
x = r["ratio"]
print(f"    quarry / faiss: QPS x{x['qps']}  recall x{x['recall@10']}  build time x{x['build_s']}")
PY
