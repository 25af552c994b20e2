#!/usr/bin/env python3
"""Hostile clients against `quarry serve`: (1) 1,100 idle sockets, then how long
/healthz takes; (2) a request announcing 10 MB that sends 10 bytes, and how long the
server holds it. Prints JSON.
    python3 Benchmarks/load-hostile.py --port 8080
"""
import argparse
import json
import socket
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8080)
parser.add_argument("--idle", type=int, default=1100)
args = parser.parse_args()


def healthz_seconds():
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", args.port), timeout=120) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status = s.recv(64).split(b"\r\n")[0].decode()
    return status, round(time.monotonic() - started, 2)


idle = []
for _ in range(args.idle):
    try:
        idle.append(socket.create_connection(("127.0.0.1", args.port), timeout=5))
    except OSError:
        break
status, seconds = healthz_seconds()
for s in idle:
    s.close()
report = {"idle_sockets_opened": len(idle), "healthz_during": status, "healthz_seconds": seconds}

started = time.monotonic()
with socket.create_connection(("127.0.0.1", args.port), timeout=600) as s:
    s.sendall(b"POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: 10000000\r\n\r\n{\"question")
    reply = s.recv(256).split(b"\r\n")[0].decode()
report["ten_mb_announced"] = {"status": reply, "held_seconds": round(time.monotonic() - started, 2)}
started = time.monotonic()
with socket.create_connection(("127.0.0.1", args.port), timeout=600) as s:
    s.sendall(b"POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{\"question")
    reply = s.recv(256).split(b"\r\n")[0].decode()
report["slow_body"] = {"status": reply, "held_seconds": round(time.monotonic() - started, 2)}
print(json.dumps(report, indent=2))
