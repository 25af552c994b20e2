"""Peer side of `quarry bench compress`: llama.cpp's prompt evaluation with all logits
(what an LLMLingua pass needs) over the same token ids Quarry's live compression reads.
Prints one JSON object. Needs llama-cpp-python and the model in the Quarry model cache."""
import argparse, json, os, time

cache = os.environ.get("QUARRY_MODELS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "quarry", "models")
parser = argparse.ArgumentParser()
parser.add_argument("ids", help="a JSON file holding the token ids to evaluate")
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()
ids = json.load(open(args.ids))

from llama_cpp import Llama
gguf = os.path.join(cache, "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf")
llm = Llama(model_path=gguf, n_ctx=max(2048, len(ids) + 16), n_threads=2, n_batch=512, logits_all=True, verbose=False)
llm.eval(ids[:64]); llm.reset()
best = None
for _ in range(args.runs):
    llm.reset()
    start = time.time(); llm.eval(ids); seconds = time.time() - start
    best = seconds if best is None else min(best, seconds)
print(json.dumps({"prompt_eval_tokens_per_second": len(ids) / best, "tokens": len(ids), "seconds": best}))
