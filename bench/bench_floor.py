"""The call floor under load: N desks, each with its own connection, claiming and finishing M
callbacks at once, and a desk catching up after working offline.

    python -m bench floor [--database URL] [--desks N] [--callbacks M] [--processes P]

``--database`` is an admin URL of a database to use for the benchmark (it runs
``floor init`` there, adds the login ``bench_desk`` and removes its own rows afterwards);
without it a throwaway PostgreSQL is started in a temp folder. The desks run in P worker
processes (default: 4) so that one Python interpreter's lock does not stand between the
desks and the server; each desk is a real :class:`FloorDesk` on a real :class:`FloorLink`
(its one connection, LISTEN included), exactly as a desk runs it.

Prints claims per second, claim latency (p50/p95/max, from the desk asking to the claim in
hand), the delay of the "a callback appeared" notification at the desks (p50/p95), the
duplicates and lost callbacks (both must be 0), and the catch-up time of a desk that was
offline for 1,000 records (its SQLite outbox delivering them through the floor worker).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TENANT = "bench-tenant"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _desk_process(url: str, first: int, count: int, go: Any, done: Any, results: Any, ready: Any) -> None:
    """A worker process: ``count`` desks claiming until ``done`` is set."""
    from operator_desk.floor.link import FloorLink
    from operator_desk.services.floor_sync import FloorDesk
    from operator_desk.storage.alive import DeskIdentity

    notified: list[tuple[str, float]] = []
    lock = threading.Lock()

    def make(n: int) -> tuple[FloorDesk, threading.Event]:
        wake = threading.Event()

        def on_change(data: dict[str, Any]) -> None:
            if data.get("state") == "open" and data.get("claimed_by") is None:
                with lock:
                    notified.append((str(data.get("id")), time.time()))
            wake.set()
        desk = FloorDesk(FloorLink(url, channels=FloorDesk.CHANNELS, application_name=f"bench desk {n}"),
                         DeskIdentity(f"bench-desk-{n}", "bench", "default"), operator=(f"op{n}", ""),
                         on_callbacks_changed=on_change)
        desk.start()
        return desk, wake

    desks = [make(n) for n in range(first, first + count)]
    for desk, _ in desks:
        desk.link.wait_up(30)
    ready.put(count)
    go.wait()
    latencies: list[float] = []
    claimed: list[str] = []
    empty = 0

    def work(desk: FloorDesk, wake: threading.Event) -> None:
        nonlocal empty
        from operator_desk.floor.callbacks import add_attempt, claim_next

        while not done.is_set():
            started = time.perf_counter()
            try:
                got = desk.link.call(lambda conn: claim_next(conn, desk.identity.desk_id, [TENANT]), 30)
            except Exception:
                time.sleep(0.05)
                continue
            if got is None:
                with lock:
                    empty += 1
                wake.wait(0.2)
                wake.clear()
                continue
            elapsed = time.perf_counter() - started
            attempt = {"desk_id": desk.identity.desk_id, "callback_id": got.id, "seq": 1, "operator": "bench",
                       "at": datetime.now(UTC), "outcome": "done", "note": "", "call_id": "",
                       "retry_after_s": 60.0, "max_attempts": 5}
            desk.link.call(lambda conn, a=attempt: add_attempt(conn, a), 30)
            with lock:
                latencies.append(elapsed)
                claimed.append(got.id)

    threads = [threading.Thread(target=work, args=pair) for pair in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for desk, _ in desks:
        desk.link.stop()
    results.put(json.dumps({"latencies": latencies, "claimed": claimed, "notified": notified,
                            "empty": empty}))


def _add_callbacks(url: str, count: int, rate: float = 0.0) -> list[tuple[str, float]]:
    from operator_desk.floor.callbacks import add_callback
    from operator_desk.floor.connection import connect

    made: list[tuple[str, float]] = []
    start = time.perf_counter()
    with connect(url) as conn:
        for n in range(count):
            if rate:
                time.sleep(max(0.0, start + n / rate - time.perf_counter()))
            cid = str(uuid.uuid4())
            now = datetime.now(UTC)
            add_callback(conn, {"id": cid, "desk_id": "bench-capture", "tenant_id": TENANT, "group_id": "",
                                "number": "+79160000000", "name": "bench", "fields": {}, "note": "",
                                "call_id": "", "preferred_at": None, "created_at": now,
                                "next_attempt_at": now})
            made.append((cid, time.time()))
    return made


def claims(admin: str, desk_url: str, desks: int, callbacks: int, processes: int,
           rate: float = 0.0) -> dict[str, Any]:
    from operator_desk.floor.connection import connect

    ctx = multiprocessing.get_context("spawn")
    go, done = ctx.Event(), ctx.Event()
    results, ready = ctx.Queue(), ctx.Queue()
    per = [desks // processes + (1 if i < desks % processes else 0) for i in range(processes)]
    workers, first = [], 0
    for count in per:
        if count:
            p = ctx.Process(target=_desk_process, args=(desk_url, first, count, go, done, results, ready))
            p.start()
            workers.append(p)
            first += count
    for _ in workers:
        ready.get(timeout=300)
    go.set()
    started = time.perf_counter()
    inserters = 4
    made: list[tuple[str, float]] = []
    lock = threading.Lock()

    def insert(n: int) -> None:
        got = _add_callbacks(desk_url, n, rate / inserters)
        with lock:
            made.extend(got)

    threads = [threading.Thread(target=insert, args=(callbacks // inserters + (1 if i < callbacks % inserters
                                                                                else 0),))
               for i in range(inserters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with connect(admin) as conn:
        while True:
            left = conn.execute("SELECT count(*) FROM floor.callbacks WHERE tenant_id = %s"
                                " AND state = 'open'",
                                (TENANT,)).fetchone()[0]
            if left == 0 or time.perf_counter() - started > 600:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        done.set()
        finished = conn.execute("SELECT count(*), coalesce(sum(attempts), 0) FROM floor.callbacks"
                                " WHERE tenant_id = %s AND state = 'done'", (TENANT,)).fetchone()
    outs = [json.loads(results.get(timeout=120)) for _ in workers]
    for p in workers:
        p.join(60)
    latencies = [x for o in outs for x in o["latencies"]]
    claimed = [x for o in outs for x in o["claimed"]]
    created = dict(made)
    # A new callback's notification at each desk: its arrival minus the moment the insert
    # returned (both on this machine's clock).
    delays = [t - created[cid] for o in outs for cid, t in o["notified"] if cid in created]
    return {
        "elapsed": elapsed, "latencies": latencies, "claimed": claimed, "made": list(created),
        "done": int(finished[0]), "attempts": int(finished[1]), "delays": delays,
        "empty": sum(o["empty"] for o in outs),
    }


def catch_up(desk_url: str, records: int = 1000) -> tuple[float, int]:
    """A desk that took ``records`` calls with the floor unreachable; seconds until all are there."""
    from operator_desk.core.calls import EndReason
    from operator_desk.floor.connection import connect
    from operator_desk.floor.link import FloorLink
    from operator_desk.services.floor_sync import FloorDesk, FloorEndpoint
    from operator_desk.services.outbox import OutboxWorker
    from operator_desk.storage.alive import DeskIdentity
    from operator_desk.storage.db import Database
    from operator_desk.storage.outbox import FLOOR, OutboxQueue
    from operator_desk.storage.records import CallRecords, Direction

    folder = Path(tempfile.mkdtemp(prefix="bench-floor-desk-"))
    db = Database.open(folder / "desk.sqlite3")
    OutboxQueue(db.conn).replicate_to(FLOOR)
    rec = CallRecords(db.conn)
    base = time.time_ns() - records * 60 * 10**9
    for n in range(records):
        at = base + n * 60 * 10**9
        rec.start(f"catchup-{n}", Direction.INCOMING, at, tenant_id=TENANT, caller_number="+79161234567",
                  operator="bench")
        rec.mark_answered(f"catchup-{n}", at + 3 * 10**9)
        rec.end(f"catchup-{n}", EndReason.REMOTE_HANGUP, at + 50 * 10**9, talk_s=47.0)
        rec.wrap_up(f"catchup-{n}", "done", "")
    identity = DeskIdentity("bench-catchup", "bench", "default")
    link = FloorLink(desk_url, channels=FloorDesk.CHANNELS)
    desk = FloorDesk(link, identity)
    worker = OutboxWorker(db, lambda _t: FloorEndpoint(link, db, identity), target=FLOOR, concurrency=1)
    started = time.perf_counter()
    desk.start(worker)
    with connect(desk_url) as conn:
        while True:
            n = conn.execute("SELECT count(*) FROM floor.calls WHERE desk_id = 'bench-catchup'"
                             " AND wrapup_code = 'done'").fetchone()[0]
            if n >= records or time.perf_counter() - started > 600:
                break
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    desk.close()
    db.close()
    return elapsed, int(n)


def prepare(admin: str) -> str:
    """floor init, the bench's desk login, and no rows of an earlier run; the desks' URL."""
    from urllib.parse import urlsplit, urlunsplit

    from operator_desk.floor.connection import connect
    from operator_desk.floor.schema import add_login, init_floor

    password = uuid.uuid4().hex
    with connect(admin) as conn:
        init_floor(conn)
        add_login(conn, "bench_desk", password)
        cleanup(conn)
    parts = urlsplit(admin)
    netloc = f"bench_desk:{password}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def cleanup(conn: Any) -> None:
    with conn.transaction():
        conn.execute("DELETE FROM floor.callback_attempts WHERE callback_id IN"
                     " (SELECT id FROM floor.callbacks WHERE tenant_id = %s)", (TENANT,))
        conn.execute("DELETE FROM floor.callbacks WHERE tenant_id = %s", (TENANT,))
        conn.execute("DELETE FROM floor.calls WHERE tenant_id = %s", (TENANT,))
        conn.execute("DELETE FROM floor.agents WHERE desk_id LIKE 'bench-%%'")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench floor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=None, metavar="URL", help="an admin URL (default: a throwaway "
                                                                        "PostgreSQL in a temp folder)")
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--callbacks", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--rate", type=float, default=0.0, metavar="PER_S",
                        help="callbacks taken per second on the floor (default: all at once)")
    parser.add_argument("--catch-up", type=int, default=1000, metavar="RECORDS")
    args = parser.parse_args(argv)
    sandbox = None
    admin = args.database
    if admin is None:
        from operator_desk.floor.sandbox import Sandbox, SandboxError

        try:
            sandbox = Sandbox.start(max_connections=max(100, args.desks + 40))
        except SandboxError as exc:
            raise SystemExit(f"no PostgreSQL to start here: {exc}") from None
        admin = sandbox.url()
    try:
        desk_url = prepare(admin)
        from operator_desk.floor.connection import connect

        with connect(admin) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            max_conn = conn.execute("SHOW max_connections").fetchone()[0]
        pace = f" taken at {args.rate:.0f}/s" if args.rate else " taken all at once"
        print(f"floor bench: {args.desks} desks (one connection each, {args.processes} processes), "
              f"{args.callbacks} callbacks{pace}; PostgreSQL {version}, max_connections {max_conn}, "
              f"{os.cpu_count()} CPU(s)")
        r = claims(admin, desk_url, args.desks, args.callbacks, max(1, min(args.processes, args.desks)),
                   args.rate)
        lat = [x * 1000 for x in r["latencies"]]
        delays = [max(0.0, d) * 1000 for d in r["delays"]]
        duplicates = len(r["claimed"]) - len(set(r["claimed"]))
        lost = len(set(r["made"]) - set(r["claimed"])) + (len(r["made"]) - r["done"])
        rate = len(r["claimed"]) / r["elapsed"]
        print(f"  claims: {len(r['claimed'])} in {r['elapsed']:.2f} s = {rate:.0f} "
              f"claims/s (each claimed, then finished with an attempt)")
        print(f"  claim latency: p50 {pct(lat, 50):.1f} ms, p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms")
        print(f"  notification delay (a callback appeared -> at the desks): p50 {pct(delays, 50):.1f} ms, "
              f"p95 {pct(delays, 95):.1f} ms over {len(delays)} notifications")
        print(f"  duplicates: {duplicates}, lost: {max(0, lost)} (floor: {r['done']} done, "
              f"{r['attempts']} attempts; {r['empty']} empty polls)")
        seconds, got = catch_up(desk_url, args.catch_up)
        print(f"  catch-up: a desk offline for {args.catch_up} records delivered {got} in {seconds:.2f} s "
              f"({got / seconds:.0f} records/s) once the floor was back")
        with connect(admin) as conn:
            cleanup(conn)
    finally:
        if sandbox is not None:
            sandbox.close()


if __name__ == "__main__":
    main()
