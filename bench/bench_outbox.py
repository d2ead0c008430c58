"""Benchmark the callback outbox: deliver 10,000 queued callbacks to a local HTTP server.

Run from the project root::

    python -m bench.bench_outbox                     # or: python bench/bench_outbox.py
    python -m bench.bench_outbox --count 2000 --concurrency 16 --fail-rate 0.1

It takes N callback requests into a fresh database (as the desk does: one transaction
each), then starts a webhook server on 127.0.0.1 in a separate process (de-duplicating
by ``Idempotency-Key`` like a real CRM) and an :class:`OutboxWorker`, and reports how long
delivering everything took, the throughput, and what the server saw. ``--fail-rate``
makes the server answer that share of requests with 503 (the worker retries them).
Nothing is asserted but exactly-once (unique keys == N): read the figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import random
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make ``operator_desk`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from operator_desk.services.outbox import Backoff, OutboxWorker, WebhookConfig
from operator_desk.storage.callbacks import Callbacks
from operator_desk.storage.db import Database
from operator_desk.storage.outbox import OutboxItem, OutboxQueue, OutboxState


def serve(port_out: Connection, fail_rate: float) -> None:
    """The fake CRM: POST /hooks/... records each key once; GET /stats reports counts."""
    lock = threading.Lock()
    keys: set[str] = set()
    counts = {"requests": 0, "refused": 0}
    rng = random.Random(7)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # answer in one go: without this, Nagle + delayed ACK add ~40 ms to every response
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _reply(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            json.loads(self.rfile.read(length))
            key = self.headers.get("Idempotency-Key", "")
            with lock:
                counts["requests"] += 1
                if fail_rate and rng.random() < fail_rate:
                    counts["refused"] += 1
                    status = 503
                else:
                    status = 200 if key in keys else 201
                    keys.add(key)
            self._reply(status, {"id": key})

        def do_GET(self) -> None:
            with lock:
                self._reply(200, {"unique_keys": len(keys), **counts})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.send(server.server_address[1])
    server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    args = parser.parse_args(argv)
    n = args.count
    logging.basicConfig(level=logging.WARNING, format="  log: %(levelname)s %(name)s: %(message)s")

    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        db = Database.open(Path(tmp) / "desk.sqlite3")
        callbacks = Callbacks(db.conn)
        started = time.perf_counter()
        for i in range(n):
            callbacks.submit("taxi", f"+7495{i:07d}", name="Иван Петров", fields={"address": "ул. Ленина, 1"},
                             note="Перезвонить после обеда", call_id=f"call-{i}")
        taken_s = time.perf_counter() - started
        print(f"took {n} callbacks into the outbox: {taken_s:.2f} s ({n / taken_s:,.0f}/s, "
              f"{taken_s / n * 1e6:.0f} µs each)")

        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        server = ctx.Process(target=serve, args=(send, args.fail_rate), daemon=True)
        server.start()
        port = receive.recv()
        url = f"http://127.0.0.1:{port}"

        delivered = 0
        done = threading.Event()
        lock = threading.Lock()

        def changed(item: OutboxItem) -> None:
            nonlocal delivered
            if item.state is OutboxState.DELIVERED:
                with lock:
                    delivered += 1
                    if delivered == n:
                        done.set()

        worker = OutboxWorker(db, {"taxi": WebhookConfig(url + "/hooks/taxi/callback")},
                              backoff=Backoff(base_s=0.05, cap_s=0.5), concurrency=args.concurrency,
                              on_state_changed=changed)
        started = time.perf_counter()
        worker.start()
        finished = done.wait(600)
        elapsed = time.perf_counter() - started
        worker.stop()
        counts = OutboxQueue(db.conn).counts()
        db.close()
        stats = httpx.get(url + "/stats").json()
        server.terminate()
        server.join(5)

    rate = delivered / elapsed
    print(f"delivered {delivered} of {n} callbacks in {elapsed:.2f} s: {rate:,.0f} callbacks/s "
          f"(concurrency {args.concurrency}, fail rate {args.fail_rate:.0%})"
          + ("" if finished else "  [TIMED OUT]"))
    verdict = "exactly once" if stats["unique_keys"] == n else "MISMATCH"
    print(f"server: {stats['requests']} requests, {stats['refused']} refused with 503, "
          f"{stats['unique_keys']} unique keys ({verdict})")
    print("outbox states: " + ", ".join(f"{state.value} {count}" for state, count in counts.items()))


if __name__ == "__main__":
    main()
