"""Drives Quarry's /v1/chat/completions with OpenAI's official Python client.

Usage: python openai_client_check.py BASE_URL QUESTION
Prints one JSON object: the models listed, the plain answer and its citations, the
streamed pieces and the citations of the stream's last chunk.
"""
import json
import sys

import openai

base_url, question = sys.argv[1], sys.argv[2]
client = openai.OpenAI(base_url=base_url, api_key="not-needed", max_retries=0, timeout=120)
models = [model.id for model in client.models.list().data]
messages = [{"role": "user", "content": question}]

plain = client.chat.completions.create(model=models[0], messages=messages, max_tokens=48)
pieces, last = [], None
for chunk in client.chat.completions.create(model=models[0], messages=messages, max_tokens=48, stream=True):
    if chunk.choices and chunk.choices[0].delta.content:
        pieces.append(chunk.choices[0].delta.content)
    last = chunk

print(json.dumps({
    "models": models,
    "plain": plain.choices[0].message.content,
    "plain_citations": (plain.model_extra or {}).get("citations"),
    "plain_flags": (plain.model_extra or {}).get("citation_flags"),
    "pieces": pieces,
    "stream_citations": (last.model_extra or {}).get("citations") if last else None,
}))
