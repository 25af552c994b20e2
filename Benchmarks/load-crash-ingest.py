#!/usr/bin/env python3
"""`kill -9` of `quarry serve` while documents arrive through POST /v1/documents.

Writers push every document of a BEIR corpus (id, title, text) to a server over an index
with embeddings; the server is killed with SIGKILL at random moments and restarted, and
each writer posts again every document it has no 201 for (the one in flight when the
server died included). After KILLS kills and the last 201, the index must equal a clean
run of the same pushes without kills: the same documents, chunks, texts and vectors per
chunk, nothing lost and nothing twice. Prints JSON; exits 1 when they differ.

    python3 Benchmarks/load-crash-ingest.py --corpus corpus.jsonl --documents 400 \\
        --kills 20 [--embedder local] [--quarry .build/release/quarry]
"""
import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import http.client

parser = argparse.ArgumentParser()
parser.add_argument("--corpus", default="/work/shared/datasets/scifact/corpus.jsonl")
parser.add_argument("--documents", type=int, default=400, help="the first N documents of the corpus")
parser.add_argument("--kills", type=int, default=20)
parser.add_argument("--writers", type=int, default=2)
parser.add_argument("--embedder", default="local", help="local (MiniLM) or none (BM25 only)")
parser.add_argument("--quarry", default=os.environ.get("QUARRY", ".build/release/quarry"))
parser.add_argument("--seed", type=int, default=12)
args = parser.parse_args()
rng = random.Random(args.seed)
work = tempfile.mkdtemp(prefix="quarry-crash-ingest-")
documents = []
with open(args.corpus) as corpus:
    for line in corpus:
        if len(documents) == args.documents:
            break
        row = json.loads(line)
        documents.append({"id": row["_id"], "title": row.get("title") or None, "text": row["text"]})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_index(path):
    """An index holding one seed file, built with the embedder, so pushed documents are embedded too."""
    folder = os.path.join(work, "seed")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed.txt"), "w") as f:
        f.write("A seed document, so the index exists and holds embeddings before the pushes.\n")
    subprocess.run([args.quarry, "index", folder, "--index", path, "--embedder", args.embedder],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Server:
    def __init__(self, index):
        self.index, self.port, self.process = index, free_port(), None

    def start(self):
        arguments = [args.quarry, "serve", "--index", self.index, "--port", str(self.port),
                     "--max-requests-per-client", "64"]
        if args.embedder == "none":
            arguments += ["--retriever", "bm25"]
        self.process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/readyz", timeout=2)[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"quarry serve exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("quarry serve did not become ready in 120 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def request(self, method, path, body=None, timeout=300):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(method, path, json.dumps(body) if body is not None else None, headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def push_all(server, kills):
    """Pushes every document, killing and restarting the server `kills` times meanwhile.
    Returns how many posts were sent, how many were sent again after a kill, and the kills done."""
    pending = list(reversed(documents))
    lock = threading.Lock()
    up = threading.Event()
    up.set()
    stats = {"posts": 0, "reposts": 0, "refused": [], "committed_before_the_kill": 0}
    unacknowledged, lost_in_flight = set(), set()

    def writer():
        while True:
            with lock:
                if not pending:
                    return
                document = pending.pop()
            while True:
                up.wait()
                try:
                    status, body = server.request("POST", "/v1/documents", document)
                except (OSError, http.client.HTTPException):
                    # The server died with this post in flight: no 201, so it is sent again.
                    with lock:
                        stats["reposts"] += 1
                        unacknowledged.add(document["id"])
                        lost_in_flight.add(document["id"])
                    time.sleep(0.05)
                    continue
                with lock:
                    stats["posts"] += 1
                    if status != 201:
                        stats["refused"].append((document["id"], status, body[:200].decode(errors="replace")))
                break

    threads = [threading.Thread(target=writer) for _ in range(args.writers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    done = 0
    while done < kills and any(thread.is_alive() for thread in threads):
        time.sleep(rng.uniform(0.5, 4.0))
        if not any(thread.is_alive() for thread in threads):
            break
        up.clear()
        server.kill()
        done += 1
        server.start()
        # Which of the posts that died with the server had been committed anyway: their
        # resend must replace them, not add a second copy.
        with lock:
            ids, _ = sorted(lost_in_flight), lost_in_flight.clear()
        db = sqlite3.connect(server.index)
        stats["committed_before_the_kill"] += sum(
            db.execute("SELECT COUNT(*) FROM sources WHERE path = ?", (f"api:{i}",)).fetchone()[0] for i in ids)
        db.close()
        up.set()
    for thread in threads:
        thread.join()
    stats.update(kills=done, seconds=round(time.monotonic() - started, 1),
                 documents_resent_after_a_kill=len(unacknowledged))
    return stats


def contents(path):
    db = sqlite3.connect(path)
    # Pushed documents are told apart by their source (`api:<id>`), not by external_id.
    rows = db.execute("""SELECT s.path, d.title, c.ordinal, c.text,
                                (SELECT COUNT(*) FROM vectors v WHERE v.chunk_id = c.id)
                         FROM chunks c JOIN documents d ON d.id = c.document_id JOIN sources s ON s.id = d.source_id
                         ORDER BY s.path, c.ordinal""").fetchall()
    sources = db.execute("SELECT path FROM sources ORDER BY path").fetchall()
    db.close()
    return rows, sources


def run(name, kills):
    index = os.path.join(work, f"{name}.quarry")
    seed_index(index)
    server = Server(index)
    server.start()
    stats = push_all(server, kills)
    server.stop()
    return index, stats


clean_index, clean_stats = run("clean", 0)
crashed_index, crashed_stats = run("crashed", args.kills)
clean_rows, clean_sources = contents(clean_index)
crashed_rows, crashed_sources = contents(crashed_index)
pushed_sources = [s for s in crashed_sources if s[0].startswith("api:")]
equal = clean_rows == crashed_rows and clean_sources == crashed_sources
report = {
    "work": work, "documents": len(documents), "embedder": args.embedder, "writers": args.writers,
    "clean": clean_stats, "crashed": crashed_stats,
    "chunks_clean": len(clean_rows), "chunks_after_kills": len(crashed_rows),
    "chunks_with_vectors": sum(1 for row in crashed_rows if row[4] > 0),
    "pushed_sources": len(pushed_sources), "distinct_pushed_sources": len(set(pushed_sources)),
    "equal_to_clean": equal and not crashed_stats["refused"] and not clean_stats["refused"],
}
print(json.dumps(report, indent=2))
raise SystemExit(0 if report["equal_to_clean"] else 1)
