#!/usr/bin/env python3
"""Summary of a Benchmarks/compare-builds.sh log: for each bench and figure, each
label's median and range over its runs, and the median of the per-round ratios
(second label / first label; peer-normalised where the bench ran a peer)."""
import json
import statistics
import sys
from collections import defaultdict

FIGURES = {
    "embed": [("quarry", "passages_per_second", "passages/s")],
    "lm": [("quarry", "score_tokens_per_second", "score tok/s"),
           ("quarry", "generate_tokens_per_second", "generate tok/s")],
    "dense": [("quarry", "qps", "QPS"), ("quarry", "build_s", "build s"),
              ("quarry", "recall@10", "recall@10"), ("ratio", "qps", "QPS / faiss"),
              ("ratio", "build_s", "build / faiss")],
    "bm25": [("quarry", "ms_per_query", "ms/query"), ("quarry", "index_s", "index s"),
             ("quarry", "ndcg@10", "nDCG@10"), ("peer-ratio", "ms_per_query", "ms/query / bm25s")],
}
# CPU seconds of the whole run (perf task-clock), where the log has them.
for figures in FIGURES.values():
    figures.append(("top", "cpu_s", "CPU s (whole run)"))


def value(report, side, key):
    if side == "top":
        return report.get(key)
    if side == "peer-ratio":
        if not report.get("peer"):
            return None
        return report["quarry"][key] / report["peer"][key]
    return (report.get(side) or {}).get(key)


def main(path):
    runs = defaultdict(dict)  # (bench, round) -> label -> report
    labels = []
    for line in open(path):
        parts = line.split(" ", 3)
        if len(parts) < 4 or not parts[3].strip().startswith("{"):
            continue
        round_, label, bench, text = parts
        if label not in labels:
            labels.append(label)
        runs[(bench, round_)][label] = json.loads(text)
    benches = sorted({b for b, _ in runs}, key=list(FIGURES).index)
    print(f"| bench | figure | {' | '.join(labels)} | {labels[-1]} / {labels[0]} per round (median, range) |")
    print("| --- | --- |" + " --- |" * len(labels) + " --- |")
    for bench in benches:
        rounds = sorted(r for b, r in runs if b == bench)
        for side, key, name in FIGURES[bench]:
            cells, ratios = [], []
            for label in labels:
                xs = [value(runs[(bench, r)][label], side, key) for r in rounds if label in runs[(bench, r)]]
                xs = [x for x in xs if x is not None]
                cells.append(f"{statistics.median(xs):.4g} ({min(xs):.4g}–{max(xs):.4g}, n={len(xs)})" if xs else "—")
            for r in rounds:
                pair = runs[(bench, r)]
                if len(labels) >= 2 and all(label in pair for label in (labels[0], labels[-1])):
                    a, b = value(pair[labels[0]], side, key), value(pair[labels[-1]], side, key)
                    if a and b:
                        ratios.append(b / a)
            if all(cell == "—" for cell in cells):
                continue
            ratio = (f"{statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f})" if ratios else "—")
            print(f"| {bench} | {name} | {' | '.join(cells)} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1])
