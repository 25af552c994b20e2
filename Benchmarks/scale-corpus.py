#!/usr/bin/env python3
"""Writes a synthetic corpus of N passages of real sentences for the scale benchmark.

    python3 Benchmarks/scale-corpus.py N OUT [--seed 24] [--datasets DIR] [--words 140]

Each passage is whole sentences drawn at random (seeded, so the same N and seed give
the same bytes) from the shared datasets whose licence allows a local benchmark input:
COVID-QA (Apache-2.0), the multi-hop set (HotpotQA CC BY-SA 4.0, MuSiQue CC BY 4.0)
and the SQuAD subset (CC BY-SA 4.0). SciFact (CC BY-NC) and Cranfield (no licence
stated) are left out. The output is a bench input: never copy it into Corpora/.

OUT receives
  corpus/part-000.jsonl ...  BEIR records {"_id","title","text"}, at most 250,000 a file
                             (so each file stays under `quarry index`'s per-file limit)
  queries.jsonl              BEIR queries {"_id","text"}: the datasets' own questions,
                             so they share the passages' vocabulary
  questions.txt              the same questions one a line (for Benchmarks/load.py)
  manifest.json              N, seed, words, sentence count, passage word mean, files
"""
import argparse
import json
import os
import random
import re
import sys

SOURCES = ("covidqa-dev", "multihop-dev", "squad-dev-subset")
PER_FILE = 250_000
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
# A stop after an initial or one of these abbreviations does not end the sentence
# ("John D. Rockefeller", "Dr. Smith", "et al. 2020").
NOT_AN_END = re.compile(r"(?:^|[\s(])(?:[A-Z]|Dr|Mr|Ms|Mrs|St|Jr|Sr|Co|No|vs|al|Fig|Inc|Ltd|etc|e\.g|i\.e|U\.S)\.$")
COMPLETE = re.compile(r"[.!?][\"')\]]?$")


def split(paragraph):
    """The paragraph's sentences, rejoining pieces split after an abbreviation."""
    pieces = []
    for piece in SENTENCE_END.split(paragraph):
        if pieces and NOT_AN_END.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def sentences(datasets):
    """Distinct sentences of 5-60 words from the sources' corpora, in file order."""
    seen, kept = set(), []
    for name in SOURCES:
        with open(os.path.join(datasets, name, "corpus.jsonl"), encoding="utf-8") as corpus:
            for line in corpus:
                if not line.strip():
                    continue
                for paragraph in json.loads(line)["text"].split("\n"):
                    for sentence in split(paragraph.strip()):
                        sentence = " ".join(sentence.split())
                        words = len(sentence.split())
                        if (5 <= words <= 60 and COMPLETE.search(sentence) and "http" not in sentence
                                and sentence not in seen):
                            seen.add(sentence)
                            kept.append((sentence, words))
    return kept


def questions(datasets):
    """The sources' questions, in file order, without repeats."""
    seen, kept = set(), []
    for name in SOURCES:
        with open(os.path.join(datasets, name, "qa.jsonl"), encoding="utf-8") as qa:
            for line in qa:
                if line.strip():
                    text = " ".join(json.loads(line)["question"].split())
                    if text and text not in seen:
                        seen.add(text)
                        kept.append(text)
    return kept


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of passages")
    parser.add_argument("out", help="output folder (created; existing part files are replaced)")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--words", type=int, default=140, help="target words per passage")
    parser.add_argument("--datasets", default=os.path.join(here, "..", "..", "shared", "datasets"))
    args = parser.parse_args()
    if args.n < 1:
        sys.exit("scale-corpus.py: N must be at least 1")
    pool = sentences(args.datasets)
    if len(pool) < 100:
        sys.exit(f"scale-corpus.py: only {len(pool)} sentences found under {args.datasets}; pass --datasets")

    corpus_dir = os.path.join(args.out, "corpus")
    os.makedirs(corpus_dir, exist_ok=True)
    for stale in os.listdir(corpus_dir):
        if stale.startswith("part-") and stale.endswith(".jsonl"):
            os.remove(os.path.join(corpus_dir, stale))

    rng = random.Random(args.seed)
    files, total_words, out = [], 0, None
    for number in range(args.n):
        if number % PER_FILE == 0:
            if out:
                out.close()
            files.append(f"corpus/part-{number // PER_FILE:03d}.jsonl")
            out = open(os.path.join(args.out, files[-1]), "w", encoding="utf-8")
        # Whole sentences until the passage reaches the target, stopping before one
        # that would overshoot by more than it would fall short without it.
        chosen, words = [], 0
        while True:
            sentence, count = pool[rng.randrange(len(pool))]
            if chosen and words + count - args.words > args.words - words:
                break
            chosen.append(sentence)
            words += count
            if words >= args.words:
                break
        total_words += words
        out.write(json.dumps({"_id": f"p{number}", "title": "", "text": " ".join(chosen)}, ensure_ascii=False) + "\n")
    out.close()

    asked = questions(args.datasets)
    with open(os.path.join(args.out, "queries.jsonl"), "w", encoding="utf-8") as queries:
        for number, text in enumerate(asked):
            queries.write(json.dumps({"_id": f"q{number}", "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "questions.txt"), "w", encoding="utf-8") as plain:
        plain.write("".join(text + "\n" for text in asked))
    manifest = {"passages": args.n, "seed": args.seed, "words": args.words, "sources": list(SOURCES),
                "sentences": len(pool), "mean_words": round(total_words / args.n, 1),
                "queries": len(asked), "files": files}
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
