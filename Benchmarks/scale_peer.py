#!/usr/bin/env python3
"""bm25s beside `Benchmarks/scale.sh`: the same corpus, the same questions, one thread.

    PYTHON Benchmarks/scale_peer.py CORPUS_DIR QUESTIONS_TXT WORK_DIR

Indexes every *.jsonl under CORPUS_DIR (title + " " + text, k1 1.5, b 0.75, Lucene IDF,
English stop words, PyStemmer: as ../shared/peers/bm25s_beir.py), saves the index under
WORK_DIR, then in a fresh process reopens it memory-mapped and asks each question alone
(tokenise + top 10, n_threads=1). Prints one JSON line: index_s and index_peak_rss_mb,
reopen_s, query p50/p99 ms, queries_per_s (one client, questions back to back) and the
querying process's peak RSS. PYTHON needs bm25s and PyStemmer (Benchmarks/bm25-venv.sh).
"""
import glob
import json
import os
import resource
import subprocess
import sys
import time

import bm25s
import Stemmer


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def build(corpus_dir, work):
    texts = []
    for path in sorted(glob.glob(os.path.join(corpus_dir, "**", "*.jsonl"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    texts.append((record.get("title") or "") + " " + record["text"])
    started = time.perf_counter()
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False)
    del texts
    retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    retriever.index(tokens, show_progress=False)
    index_s = time.perf_counter() - started
    retriever.save(work)
    return {"index_s": round(index_s, 1), "index_peak_rss_mb": peak_rss_mb()}


def query(work, questions_path):
    started = time.perf_counter()
    retriever = bm25s.BM25.load(work, mmap=True)
    reopen_s = time.perf_counter() - started
    stemmer = Stemmer.Stemmer("english")
    vocabulary = retriever.vocab_dict
    questions = [line.strip() for line in open(questions_path, encoding="utf-8") if line.strip()]
    latencies = []
    began = time.perf_counter()
    for question in questions:
        started = time.perf_counter()
        terms = bm25s.tokenize(question, stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False)[0]
        terms = [term for term in terms if term in vocabulary]
        if terms:
            retriever.retrieve([terms], k=10, n_threads=1, show_progress=False)
        latencies.append(time.perf_counter() - started)
    total = time.perf_counter() - began
    latencies.sort()
    return {"reopen_s": round(reopen_s, 3), "queries": len(questions),
            "query_p50_ms": round(1000 * latencies[len(latencies) // 2], 2),
            "query_p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 2),
            "queries_per_s": round(len(questions) / total, 1), "query_peak_rss_mb": peak_rss_mb()}


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--query":
        print(json.dumps(query(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    corpus_dir, questions, work = sys.argv[1:4]
    report = {"system": "bm25s " + bm25s.__version__, **build(corpus_dir, work)}
    # A fresh process, so the reopen and its memory are what a new user's process pays.
    child = subprocess.run([sys.executable, __file__, "--query", work, questions],
                           check=True, capture_output=True, text=True)
    report.update(json.loads(child.stdout))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
