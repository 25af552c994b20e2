#!/usr/bin/env python3
"""Load test for `quarry serve`: N keep-alive clients send POST /v1/query for a fixed
time; optionally M more clients push documents through POST /v1/documents meanwhile,
as fast as they can or, with --write-rate, at that many documents a second in all.
Prints QPS, p50/p99 latency and errors per route as JSON (and the server's own
retrieve-stage p50/p99 from `timings_ms`), then checks that every pushed document is in
the index exactly once (the document count grew by the number of distinct ids, and each
id deletes with 204). With --visibility, every pushed document carries a word of its own,
and a separate client asks for that word after each write until the document comes back
(by its title): the seconds from the write's 201 until then are reported as `visible_after`.
With --ports (several `quarry serve` nodes on one PostgreSQL index), the clients and the
writers are spread over the nodes in turn, and the visibility client asks the last node,
so a write is measured until another node answers with it.

    python3 Benchmarks/load.py --port 8080 --clients 32 --seconds 30 \
        --questions Benchmarks/data/questions.txt [--writers 2 [--write-rate 2] [--visibility]] [--token T]
    python3 Benchmarks/load.py --ports 8081,8082 --clients 32 --writers 1 --write-rate 2 --visibility …
"""
import argparse
import asyncio
import json
import random
import re
import statistics
import time


async def request(reader, writer, method, path, body, token):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    data = json.dumps(body).encode() if body is not None else b""
    if body is not None:
        head += "Content-Type: application/json\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    writer.write(head.encode() + data)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    payload = await reader.readexactly(length) if length else b""
    return status, payload


OWN_WORD = re.compile(r"zqvis[bcdfghkmnp]+")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))] if ordered else None


async def client(args, port, route, make_body, deadline, results, pushed, pace=None, written=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < deadline:
        if pace:
            # One write every 1/rate seconds across all writers.
            await asyncio.sleep(max(0.0, pace() - time.monotonic()))
            if time.monotonic() >= deadline:
                break
        method, path, body = make_body()
        started = time.monotonic()
        try:
            status, payload = await request(reader, writer, method, path, body, args.token)
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            results.append((route, None, time.monotonic() - started, str(error), None))
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            continue
        retrieve_ms = None
        if route == "query" and status == 200:
            retrieve_ms = json.loads(payload).get("timings_ms", {}).get("retrieve")
        results.append((route, status, time.monotonic() - started, None, retrieve_ms))
        if route == "documents" and status == 201:
            pushed.add(json.loads(payload)["id"])
            if written is not None:
                written.put_nowait((OWN_WORD.search(body["text"]).group(), body["title"], time.monotonic()))
    writer.close()


async def watch_visibility(args, written, deadline, delays):
    """Asks for each written document's own word until the document (by its title,
    unique to the write) is among the chunks retrieved; records the seconds from the
    write's response until then (None if not seen within 30 s)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", args.ports[-1])
    while True:
        try:
            word, title, acknowledged = await asyncio.wait_for(written.get(), max(0.1, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            if time.monotonic() >= deadline and written.empty():
                break
            continue
        seen = None
        while time.monotonic() - acknowledged < 30:
            status, payload = await request(reader, writer, "POST", "/v1/query", {
                "question": word, "top_k": 5, "generator": "none", "retriever": "bm25"}, args.token)
            retrieved = json.loads(payload).get("retrieved", []) if status == 200 else []
            if any(chunk["title"] == title and word in chunk["text"] for chunk in retrieved):
                seen = time.monotonic() - acknowledged
                break
            await asyncio.sleep(0.01)
        delays.append(seen)
    writer.close()


async def one(args, method, path, body=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    result = await request(reader, writer, method, path, body, args.token)
    writer.close()
    return result


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--ports", help="several nodes' ports, comma-separated (instead of --port)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--writers", type=int, default=0)
    parser.add_argument("--write-rate", type=float, help="documents per second over all writers (default: flat out)")
    parser.add_argument("--visibility", action="store_true", help="measure how soon each write is retrieved")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--questions", required=True)
    parser.add_argument("--generator", default="extractive")
    parser.add_argument("--token")
    args = parser.parse_args()
    args.ports = [int(p) for p in args.ports.split(",")] if args.ports else [args.port]
    args.port = args.ports[0]
    questions = [line.strip() for line in open(args.questions) if line.strip()]
    rng = random.Random(7)

    def query():
        return "POST", "/v1/query", {"question": rng.choice(questions), "generator": args.generator}

    counter = iter(range(10**9))

    def document():
        number = next(counter)
        # Every tenth write reuses an id: a replace, which must not duplicate.
        identifier = f"load-{number - number % 10 if number % 10 == 9 else number}"
        # A word no other document has, and no other word stems to: consonants only after
        # "zqvis", which the English stemmer leaves whole (vowels let it strip an ending:
        # with "abcdefghij", write 14's "zqvisbe" stemmed to write 1's "zqvisb").
        word = "zqvis" + "".join("bcdfghkmnp"[int(d)] for d in str(number))
        return "POST", "/v1/documents", {"id": identifier, "title": f"Load {number}",
                                         "text": f"Load document {number} {word}. " + rng.choice(questions)}

    _, health = await one(args, "GET", "/healthz")
    before = json.loads(health)["documents"]
    results, pushed, delays = [], set(), []
    deadline = time.monotonic() + args.seconds
    started = time.monotonic()
    slots = iter(range(10**9))
    pace = (lambda: started + next(slots) / args.write_rate) if args.write_rate else None
    written = asyncio.Queue() if args.visibility else None
    ports = args.ports
    tasks = [client(args, ports[n % len(ports)], "query", query, deadline, results, pushed) for n in range(args.clients)]
    tasks += [client(args, ports[n % len(ports)], "documents", document, deadline, results, pushed, pace, written)
              for n in range(args.writers)]
    if written is not None:
        tasks.append(watch_visibility(args, written, deadline, delays))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started

    report = {"clients": args.clients, "writers": args.writers, "nodes": len(args.ports), "seconds": round(elapsed, 1),
              "routes": {}}
    for route in ("query", "documents"):
        rows = [r for r in results if r[0] == route]
        if not rows:
            continue
        ok = sorted(r[2] for r in rows if r[1] in (200, 201))
        errors = [r for r in rows if r[1] not in (200, 201)]
        report["routes"][route] = {
            "requests": len(rows), "per_second": round(len(ok) / elapsed, 1), "errors": len(errors),
            "error_statuses": sorted({str(r[1] or r[3]) for r in errors}),
            "p50_ms": round(1000 * statistics.median(ok), 1) if ok else None,
            "p99_ms": round(1000 * ok[int(0.99 * (len(ok) - 1))], 1) if ok else None,
        }
        retrieve = [r[4] for r in rows if r[4] is not None]
        if retrieve:
            report["routes"][route]["retrieve_p50_ms"] = round(percentile(retrieve, 0.5), 2)
            report["routes"][route]["retrieve_p99_ms"] = round(percentile(retrieve, 0.99), 2)
    if args.visibility:
        seen = [d for d in delays if d is not None]
        report["visible_after"] = {"writes": len(delays), "never_seen": len(delays) - len(seen),
                                   "p50_s": round(percentile(seen, 0.5), 3) if seen else None,
                                   "max_s": round(max(seen), 3) if seen else None}
    if args.writers:
        _, health = await one(args, "GET", "/healthz")
        after = json.loads(health)["documents"]
        deleted = [(await one(args, "DELETE", f"/v1/documents/{i}"))[0] for i in sorted(pushed)]
        report["documents"] = {"distinct_ids_pushed": len(pushed), "count_before": before, "count_after": after,
                               "none_lost_or_duplicated": after - before == len(pushed)
                               and all(status == 204 for status in deleted)}
    print(json.dumps(report, indent=2))


asyncio.run(main())
