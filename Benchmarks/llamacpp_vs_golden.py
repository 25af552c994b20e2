"""Replays ../shared/golden/smollm2.json through llama.cpp on this machine and prints how far
llama.cpp itself lands from the golden figures: the floor Quarry's tolerances are set against.
Usage: PEER_PYTHON Benchmarks/llamacpp_vs_golden.py   (needs llama-cpp-python and the models)"""
import json, os
import numpy as np
from llama_cpp import Llama

cache = os.environ.get("QUARRY_MODELS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "quarry", "models")
llm = Llama(model_path=os.path.join(cache, "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf"),
            n_ctx=2048, n_threads=2, n_batch=512, logits_all=True, verbose=False)
deltas, ratios, agree, positions = [], [], 0, 0
for case in json.load(open("../shared/golden/smollm2.json"))["cases"]:
    if "next_token_logprobs" not in case:
        continue
    ids, reference = case["token_ids"], np.array(case["next_token_logprobs"])
    llm.reset(); llm.eval(ids)
    logits = np.array(llm.scores[: len(ids)], dtype=np.float64)
    lse = np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1)) + logits.max(1)
    lp = np.array([logits[i, ids[i + 1]] - lse[i] for i in range(len(ids) - 1)])
    deltas.append(np.abs(lp - reference).mean())
    ratios.append(np.exp(-lp.mean()) / case["perplexity"])
    argmax = logits[:-1].argmax(1)
    agree += int((argmax == np.array(case["argmax_next"])).sum()); positions += len(argmax)
print(json.dumps({"mean_abs_delta_min": min(deltas), "mean_abs_delta_max": max(deltas),
                  "perplexity_ratio_min": min(ratios), "perplexity_ratio_max": max(ratios),
                  "top1_agreement": agree / positions, "positions": positions}))
