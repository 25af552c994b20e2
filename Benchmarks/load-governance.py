#!/usr/bin/env python3
"""Governance under load (issue 26) against a running `quarry serve` (its PID given):
CLIENTS clients ask with `generator: local` and UPLOADERS clients post documents, all at
once for SECONDS; every third uploader hangs up 1 s after posting. Samples the server's
resident memory and thread count (/proc) every 0.25 s, counts statuses (503s past the
model queue), then checks that no abandoned document was written, sends SIGTERM and
times the exit. Prints JSON.
    python3 Benchmarks/load-governance.py --port 8080 --pid PID [--clients 30 --uploaders 30 --seconds 30]
"""
import argparse
import collections
import json
import os
import signal
import socket
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8080)
parser.add_argument("--pid", type=int, required=True)
parser.add_argument("--clients", type=int, default=30)
parser.add_argument("--uploaders", type=int, default=30)
parser.add_argument("--seconds", type=float, default=30)
parser.add_argument("--document-kib", type=int, default=512)
args = parser.parse_args()

statuses = collections.Counter()
lock = threading.Lock()
abandoned = []
stop_at = time.monotonic() + args.seconds


def request(body, content_type, path, timeout=120, hang_up_after=None):
    """Sends one POST; returns its status line's code, or 'left' when it hung up."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", args.port), timeout=timeout) as s:
        s.sendall(head + body)
        if hang_up_after is not None:
            time.sleep(hang_up_after)
            return "left"
        line = s.makefile("rb").readline().decode(errors="replace")
        return line.split(" ")[1] if " " in line else "no answer"


def asker(number):
    body = json.dumps({"question": f"What does VACUUM reclaim? ({number})", "generator": "local"}).encode()
    while time.monotonic() < stop_at:
        try:
            status = request(body, "application/json", "/v1/query")
        except OSError as error:
            status = type(error).__name__
        with lock:
            statuses["query " + status] += 1
        if status == "503":
            time.sleep(1)


def uploader(number):
    sentence = "The write-ahead log records page {n} before the data files are flushed. "
    text = "".join(sentence.format(n=i) for i in range(args.document_kib * 1024 // 72))
    count = 0
    while time.monotonic() < stop_at:
        count += 1
        doc_id = f"load-{number}-{count}"
        leave = number % 3 == 0
        body = json.dumps({"id": doc_id, "text": text}).encode()
        try:
            status = request(body, "application/json", "/v1/documents", hang_up_after=1 if leave else None)
        except OSError as error:
            status = type(error).__name__
        with lock:
            statuses["document " + status] += 1
            if leave:
                abandoned.append(doc_id)
        if status == "503":
            time.sleep(1)


def sample():
    with open(f"/proc/{args.pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["Threads"])


samples = []
workers = [threading.Thread(target=asker, args=(n,)) for n in range(args.clients)]
workers += [threading.Thread(target=uploader, args=(n,)) for n in range(args.uploaders)]
for worker in workers:
    worker.start()
while any(worker.is_alive() for worker in workers):
    samples.append(sample())
    time.sleep(0.25)
for worker in workers:
    worker.join()
time.sleep(3)
rss_after, threads_after = sample()

written = []
for doc_id in abandoned:
    with socket.create_connection(("127.0.0.1", args.port), timeout=30) as s:
        s.sendall(f"DELETE /v1/documents/{doc_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        if s.makefile("rb").readline().split(b" ")[1] == b"204":
            written.append(doc_id)

started = time.monotonic()
os.kill(args.pid, signal.SIGTERM)
while os.path.exists(f"/proc/{args.pid}") and time.monotonic() - started < 120:
    with open(f"/proc/{args.pid}/stat") as stat:
        if stat.read().split(") ")[1].startswith("Z"):
            break
    time.sleep(0.05)
print(json.dumps({
    "statuses": dict(sorted(statuses.items())),
    "rss_mib_max": max(s[0] for s in samples), "threads_max": max(s[1] for s in samples),
    "rss_mib_after": rss_after, "threads_after": threads_after,
    "abandoned": len(abandoned), "abandoned_but_written": written,
    "sigterm_to_exit_seconds": round(time.monotonic() - started, 2),
}, indent=1))
