"""Peer side of `quarry bench embed|lm`: the same protocol as ../shared/peers/golden_*.py,
printing one JSON object. Needs sentence-transformers (embed) or llama-cpp-python (lm)
and the models in the Quarry model cache (Deploy/fetch-models.sh)."""
import argparse, json, os, sys, time

cache = os.environ.get("QUARRY_MODELS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "quarry", "models")
parser = argparse.ArgumentParser()
parser.add_argument("mode", choices=["embed", "lm"])
parser.add_argument("--corpus", default="../shared/datasets/scifact/corpus.jsonl")
parser.add_argument("--passages", type=int, default=1000)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--tokens", type=int, default=512)
parser.add_argument("--generate", type=int, default=128)
args = parser.parse_args()
docs = [json.loads(line) for line in open(args.corpus)]

if args.mode == "embed":
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    torch.set_num_threads(2)
    from sentence_transformers import SentenceTransformer
    passages = [d["title"] + ". " + d["text"] for d in docs[: args.passages]]
    # Wall time: load the model and embed the passages once (imports excluded), as Quarry's side.
    load_start = time.time()
    model = SentenceTransformer(os.path.join(cache, "all-minilm-l6-v2"), device="cpu")
    load_seconds = time.time() - load_start
    model.encode(passages, batch_size=args.batch_size)
    wall_seconds = time.time() - load_start
    start = time.time()
    model.encode(passages, batch_size=args.batch_size)
    seconds = time.time() - start
    print(json.dumps({"passages_per_second": len(passages) / seconds, "passages": len(passages), "seconds": seconds,
                      "load_seconds": load_seconds, "wall_seconds": wall_seconds}))
else:
    from llama_cpp import Llama
    gguf = os.path.join(cache, "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf")
    text = "\n".join(d["title"] + ". " + d["text"] for d in docs[:50])
    # A context long enough for the tokens scored (SmolLM2 is trained to 8,192).
    llm = Llama(model_path=gguf, n_ctx=max(2048, args.tokens), n_threads=2, n_batch=512, logits_all=True, verbose=False)
    ids = llm.tokenize(text.encode(), add_bos=False)[: args.tokens]
    llm.eval(ids[:64]); llm.reset()
    start = time.time(); llm.eval(ids); score_seconds = time.time() - start
    gen = Llama(model_path=gguf, n_ctx=2048, n_threads=2, n_batch=512, logits_all=False, verbose=False)
    prompt = gen.tokenize(b"The history of Paris", add_bos=False)
    generated = 0
    start = time.time()
    # Greedy, a fixed number of tokens past any end token (as Quarry's side does).
    for _ in gen.generate(prompt, top_k=1, temp=0.0):
        generated += 1
        if generated == args.generate:
            break
    generate_seconds = time.time() - start
    print(json.dumps({"score_tokens_per_second": len(ids) / score_seconds,
                      "generate_tokens_per_second": generated / generate_seconds,
                      "generated_tokens": generated}))
