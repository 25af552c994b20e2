"""Peer side of `quarry bench tokenize`: SmolLM2's byte-level BPE in Hugging Face
tokenizers (a BPE model built from the GGUF file's vocabulary and merges, with SmolLM2's
pre-tokenizer: digits one by one, then GPT-2's byte-level rule) and in llama.cpp
(llama-cpp-python, vocabulary only), timed on the same text in one process; prints one
JSON object. With --ids, also whether each peer gives Quarry's ids (1) or not (0).
Needs: pip install tokenizers gguf llama-cpp-python."""
import argparse, json, os, time

cache = os.environ.get("QUARRY_MODELS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "quarry", "models")
gguf_path = os.path.join(cache, "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf")
parser = argparse.ArgumentParser()
parser.add_argument("text_file")
parser.add_argument("--ids", help="a JSON array of Quarry's token ids for the same text")
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()
text = open(args.text_file, encoding="utf-8").read()

from gguf import GGUFReader
from tokenizers import Tokenizer, models, pre_tokenizers
from llama_cpp import Llama

reader = GGUFReader(gguf_path)
def strings(key):
    field = reader.fields[key]
    return [bytes(field.parts[i]).decode("utf-8") for i in field.data]
vocab = {}
for i, token in enumerate(strings("tokenizer.ggml.tokens")):
    vocab.setdefault(token, i)
merges = [tuple(m.split(" ", 1)) for m in strings("tokenizer.ggml.merges")]

def hf_tokenizer():
    """A fresh tokenizer, so its word cache starts empty (HF's BPE default: 10,000 words)."""
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    return tokenizer

def median_seconds(make, warm_up):
    seconds = []
    for _ in range(args.runs):
        encode = make()
        if warm_up:
            encode()
        start = time.perf_counter()
        ids = encode()
        seconds.append(time.perf_counter() - start)
    return sorted(seconds)[len(seconds) // 2], ids

def hf_encode():
    tokenizer = hf_tokenizer()
    return lambda: tokenizer.encode(text, add_special_tokens=False).ids

llm = Llama(model_path=gguf_path, vocab_only=True, verbose=False)
data = text.encode("utf-8")
hf_cold, hf_ids = median_seconds(hf_encode, False)
hf_warm, _ = median_seconds(hf_encode, True)
llama_seconds, llama_ids = median_seconds(lambda: lambda: llm.tokenize(data, add_bos=False, special=False), False)
result = {"tokens": len(hf_ids),
          "hf_cold_tokens_per_second": len(hf_ids) / hf_cold,
          "hf_warm_tokens_per_second": len(hf_ids) / hf_warm,
          "llama_cpp_tokens_per_second": len(llama_ids) / llama_seconds}
if args.ids:
    quarry_ids = json.load(open(args.ids))
    result["hf_same_ids"] = float(hf_ids == quarry_ids)
    result["llama_cpp_same_ids"] = float(list(llama_ids) == quarry_ids)
print(json.dumps(result))
