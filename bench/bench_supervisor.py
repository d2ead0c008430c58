"""The supervisor's window with a busy floor: D desks changing state every few seconds and
taking calls, the real window (offscreen, or on the display given by QT_QPA_PLATFORM) fed
by the real floor database.

    python -m bench supervisor [--database URL] [--desks 200] [--seconds 30] [--every 3]

Prints how long a desk's state change takes to reach the window (from the desk's commit to
its row changed in the view's model: notification and model; p50/p95/max), how late the window's
event loop runs (a 20 ms timer's lateness: p99 and worst, i.e. how long a key press could
wait), the figures' refreshes per tenant, and the CPU the window used.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.bench_floor import cleanup, pct, prepare

STATES = ("ready", "on_call", "after_call_work", "not_ready", "ringing")
TENANTS = ("taxi-bystro", "elektronika-vector", "severny-kredit")


def _publisher_process(desk_url: str, desks: int, every_s: float, stop: Any, sent: Any) -> None:
    """The desks, in a process of their own (the window's process measures only the window)."""
    lock = threading.Lock()
    local: dict[str, tuple[str, float]] = {}
    threads = _publishers(desk_url, desks, every_s, threading.Event(), local, lock, queue=sent)
    stop.wait()
    for t in threads:
        t.join(0)


def _publishers(desk_url: str, desks: int, every_s: float, stop: threading.Event,
                sent: dict[str, tuple[str, float]], lock: threading.Lock, connections: int = 4,
                queue: Any = None) -> list[Any]:
    from operator_desk.floor.agents import publish
    from operator_desk.floor.connection import connect
    from operator_desk.floor.records import upsert_call

    def run(part: int) -> None:
        rng = random.Random(part)
        mine = [n for n in range(desks) if n % connections == part]
        with connect(desk_url) as conn:
            for n in mine:
                publish(conn, f"bench-desk-{n:03d}", operator=f"Оператор {n:03d}", group_id="sales",
                        host=f"pc-{n:03d}", profile="default", state="ready")
            due = {n: time.monotonic() + rng.uniform(0, every_s) for n in mine}
            last = dict.fromkeys(mine, "ready")
            calls = 0
            while not stop.is_set():
                n = min(due, key=due.__getitem__)
                wait = due[n] - time.monotonic()
                if wait > 0:
                    stop.wait(wait)
                    continue
                state = rng.choice(STATES)
                tenant = rng.choice(TENANTS) if state in ("on_call", "ringing", "after_call_work") else ""
                asked = time.time()
                publish(conn, f"bench-desk-{n:03d}", operator=f"Оператор {n:03d}", group_id="sales",
                        host=f"pc-{n:03d}", profile="default", state=state, tenant_id=tenant,
                        reason="Перерыв" if state == "not_ready" else "")
                if last.get(n) != state:  # the same state again notifies nobody
                    queue.put((f"bench-desk-{n:03d}", state, asked))
                last[n] = state
                if state == "on_call":  # and a call record for that tenant
                    calls += 1
                    ring = datetime.now(UTC) - timedelta(seconds=rng.uniform(1, 30))
                    answered = rng.random() < 0.9
                    upsert_call(conn, {
                        "desk_id": f"bench-desk-{n:03d}", "call_id": f"bench-{part}-{calls}", "rev": 1,
                        "direction": "in", "tenant_id": tenant, "dialed_number": "", "caller_number": "",
                        "caller_name": "", "ivr_digits": "", "ivr_data": "", "operator": "", "group_id": "",
                        "ring_at": ring, "answered_at": ring + timedelta(seconds=rng.uniform(2, 25))
                        if answered else None, "ended_at": datetime.now(UTC),
                        "outcome": "answered" if answered else "missed", "end_reason": "", "sip_code": 0,
                        "talk_s": 0.0, "transferred_to": "", "not_ready_reason": "", "wrapup_code": "",
                        "note": "", "wrapup_at": None, "consult_for": "", "library_version": ""})
                due[n] = time.monotonic() + rng.uniform(0.5, 1.5) * every_s

    threads = [threading.Thread(target=run, args=(p,), daemon=True) for p in range(connections)]
    for t in threads:
        t.start()
    return threads


def measure(admin: str, desk_url: str, desks: int, seconds: float, every_s: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401
    from operator_desk.core.library import Library, default_library_path
    from operator_desk.ui.supervisor.app import build_supervisor

    app = QApplication.instance() or QApplication([])
    boss_url = admin
    window, feed = build_supervisor(boss_url, None, Library.load(default_library_path()))
    window.resize(1366, 768)
    window.show()
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    queue, stop_desks = ctx.Queue(), ctx.Event()
    shown_after: list[float] = []
    model = window.agents_model
    figures = [0]

    changes: dict[str, list[tuple[float, str]]] = {}

    def on_changed(top: Any, _bottom: Any, roles: Any = ()) -> None:
        if roles or not timer.isActive():  # the clock's tick, or still warming up
            return
        row = model.rows[top.row()]
        changes.setdefault(row.desk_id, []).append((time.time(), row.state))

    model.dataChanged.connect(on_changed)
    feed.figures_loaded.connect(lambda _f: figures.__setitem__(0, figures[0] + 1))
    feed.start()
    loop_late: list[float] = []
    ticker = QElapsedTimer()
    ticker.start()
    timer = QTimer()
    timer.setInterval(20)
    t0 = time.monotonic()

    def tick() -> None:
        late = max(0, ticker.restart() - 20)
        loop_late.append(late)
        if late > 100 and os.environ.get("BENCH_DEBUG"):
            print(f"   late {late} ms at {time.monotonic() - t0:.1f} s")
    timer.timeout.connect(tick)
    started_cpu = resource.getrusage(resource.RUSAGE_SELF)
    deadline = time.monotonic() + seconds
    desks_process = ctx.Process(target=_publisher_process, args=(desk_url, desks, every_s, stop_desks, queue),
                                daemon=True)

    desks_process.start()  # before measuring: starting a process holds this thread ~1 s

    measuring = [float("inf")]

    def begin() -> None:
        ticker.restart()
        timer.start()
        measuring[0] = time.time()
    QTimer.singleShot(2000, begin)  # the desks connect and publish their first states meanwhile
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (used.ru_utime - started_cpu.ru_utime) + (used.ru_stime - started_cpu.ru_stime)
    stop_desks.set()
    desks_process.join(10)
    if desks_process.is_alive():
        desks_process.terminate()  # the process this bench started
    feed.stop()
    grab = time.perf_counter()
    window.grab()
    paint_ms = (time.perf_counter() - grab) * 1000
    window.close()
    # Each change a desk made: from just before its commit to the first time its row showed it.
    started_at = measuring[0]
    while True:
        try:
            desk, state, asked = queue.get(timeout=0.5)
        except Exception:
            break
        if asked < started_at:
            continue
        seen = next((t for t, shown in changes.get(desk, []) if t >= asked and shown == state), None)
        if seen is not None:
            shown_after.append(seen - asked)
    lat = [x * 1000 for x in shown_after]
    print(f"  {len(lat)} state changes shown: desk's commit -> its row changed in the window "
          f"p50 {pct(lat, 50):.1f} ms, "
          f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms")
    print(f"  event loop lateness (20 ms timer): p99 {pct(loop_late, 99):.0f} ms, "
          f"worst {max(loop_late):.0f} ms")
    print(f"  figures refreshed {figures[0]} times (only the tenants whose calls changed); a whole "
          f"window repaint takes {paint_ms:.1f} ms")
    print(f"  the window's process used {cpu / seconds * 100:.0f} % of one CPU")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench supervisor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=None, metavar="URL", help="an admin URL (default: a throwaway "
                                                                        "PostgreSQL)")
    parser.add_argument("--desks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between a desk's changes")
    args = parser.parse_args(argv)
    sandbox = None
    admin = args.database
    if admin is None:
        from operator_desk.floor.sandbox import Sandbox, SandboxError

        try:
            sandbox = Sandbox.start(max_connections=60)
        except SandboxError as exc:
            raise SystemExit(f"no PostgreSQL to start here: {exc}") from None
        admin = sandbox.url()
    try:
        desk_url = prepare(admin)
        print(f"supervisor bench: {args.desks} desks changing state every ~{args.every:.0f} s "
              f"(~{args.desks / args.every:.0f} changes/s) for {args.seconds:.0f} s, "
              f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
        measure(admin, desk_url, args.desks, args.seconds, args.every)
        from operator_desk.floor.connection import connect

        with connect(admin) as conn:
            cleanup(conn)
            conn.execute("DELETE FROM floor.calls WHERE desk_id LIKE 'bench-%%'")
    finally:
        if sandbox is not None:
            sandbox.close()


if __name__ == "__main__":
    main()
