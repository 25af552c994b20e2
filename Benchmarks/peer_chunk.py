"""Peer side of `quarry bench chunk`: llama.cpp (llama-cpp-python) evaluates the same
text in the same overlapping windows as Quarry's perplexity chunker scores it, with all
logits, and prints one JSON object: document tokens per second of wall time."""
import argparse, json, os, time

cache = os.environ.get("QUARRY_MODELS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "quarry", "models")
parser = argparse.ArgumentParser()
parser.add_argument("--text-file", required=True)
parser.add_argument("--window", type=int, default=1024)
parser.add_argument("--overlap", type=int, default=128)
args = parser.parse_args()

from llama_cpp import Llama
gguf = os.path.join(cache, "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf")
text = open(args.text_file, encoding="utf-8").read()
llm = Llama(model_path=gguf, n_ctx=args.window, n_threads=2, n_batch=512, logits_all=True, verbose=False)
ids = llm.tokenize(text.encode(), add_bos=False)
llm.eval(ids[:64]); llm.reset()
start = time.time()
begin, scored = 0, 1
while scored < len(ids):
    end = min(len(ids), begin + args.window)
    llm.reset()
    llm.eval(ids[begin:end])
    scored = end
    begin = end - args.overlap
seconds = time.time() - start
print(json.dumps({"tokens": len(ids), "score_tokens_per_second": len(ids) / seconds, "seconds": seconds}))
