"""The CovidQA subset the chunker table in README was measured on: the covidqa-dev
documents with the most questions per byte, up to about 80k SmolLM2 tokens, in corpus
order, with every question whose supporting documents are all in it.
Usage: python3 Benchmarks/covidqa_subset.py [SOURCE_DIR] [TARGET_DIR]"""
import collections, json, os, sys

source = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/covidqa-dev"
target = sys.argv[2] if len(sys.argv) > 2 else "/tmp/covidqa-sub"
docs = [json.loads(line) for line in open(os.path.join(source, "corpus.jsonl"))]
qa = [json.loads(line) for line in open(os.path.join(source, "qa.jsonl"))]
per_doc = collections.Counter(s for q in qa for s in q["supporting_ids"])
budget, chars, chosen = 80000 * 4.1, 0, set()
for doc in sorted(docs, key=lambda d: -per_doc[d["_id"]] / len(d["text"])):
    if chars + len(doc["text"]) <= budget:
        chosen.add(doc["_id"])
        chars += len(doc["text"])
os.makedirs(target, exist_ok=True)
with open(os.path.join(target, "corpus.jsonl"), "w") as out:
    for doc in docs:
        if doc["_id"] in chosen:
            out.write(json.dumps(doc) + "\n")
with open(os.path.join(target, "qa.jsonl"), "w") as out:
    for q in qa:
        if all(s in chosen for s in q["supporting_ids"]):
            out.write(json.dumps(q) + "\n")
print(f"{len(chosen)} documents, {chars} characters")
