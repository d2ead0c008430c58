"""Benchmark the call-record queries on 100,000 calls.

Run from the project root::

    python -m bench.bench_stats              # or: python bench/bench_stats.py [--count N]

It fills a fresh database with N call records (default 100,000) spread over 90 days and
five tenants, then times the per-tenant statistics of one 8-hour shift and of the whole
period, and a page of a shift's history with filters. Nothing is asserted: read the figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make ``operator_desk`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from operator_desk.storage.db import Database, transaction
from operator_desk.storage.records import CallOutcome, CallRecords, HistoryFilter

S = 1_000_000_000
DAY = 86_400 * S
TENANTS = ("taxi", "electro", "bank", "pizza", "clinic")
OUTCOMES = (
    (CallOutcome.ANSWERED, 0.78), (CallOutcome.TRANSFERRED, 0.06), (CallOutcome.MISSED, 0.07),
    (CallOutcome.ABANDONED, 0.05), (CallOutcome.REJECTED, 0.04),
)


def fill(records: CallRecords, n: int, start_ns: int, days: int) -> None:
    rng = random.Random(42)
    kinds = [o for o, _ in OUTCOMES]
    weights = [w for _, w in OUTCOMES]
    rows = []
    for i in range(n):
        started = start_ns + rng.randrange(days * DAY)
        outcome = rng.choices(kinds, weights)[0]
        answered = outcome in (CallOutcome.ANSWERED, CallOutcome.TRANSFERRED)
        ring = int(rng.uniform(1, 25) * S)
        talk = int(rng.expovariate(1 / 180) * S) if answered else 0
        answered_ns = started + ring if answered else None
        ended = started + ring + talk
        rows.append((
            f"call-{i}", "in", rng.choice(TENANTS), f"+7495{rng.randrange(10**7):07d}", "", "88005553535",
            started, answered_ns, ended, outcome.value, talk / S,
            ended + int(rng.uniform(5, 60) * S) if answered else None,
        ))
    with transaction(records.conn):
        records.conn.executemany(
            "INSERT INTO calls (call_id, direction, tenant_id, caller_number, caller_name, dialed_number,"
            " started_ns, answered_ns, ended_ns, outcome, talk_s, wrapup_ns)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def timed(label: str, fn: Callable[[], object], repeat: int = 20) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    print(f"{label}: median {statistics.median(times) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args(argv)
    days = 90
    start_ns = 1_780_000_000 * S
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        db = Database.open(Path(tmp) / "desk.sqlite3")
        records = CallRecords(db.conn)
        started = time.perf_counter()
        fill(records, args.count, start_ns, days)
        print(f"inserted {args.count:,} call records in {time.perf_counter() - started:.2f} s")
        shift_start = start_ns + 45 * DAY + 9 * 3600 * S
        shift_end = shift_start + 8 * 3600 * S
        shift = records.stats(shift_start, shift_end)
        print(f"one shift: {sum(s.total for s in shift)} calls in {len(shift)} tenants")
        timed("statistics of one 8-hour shift", lambda: records.stats(shift_start, shift_end))
        timed("statistics of 90 days", lambda: records.stats(start_ns, start_ns + days * DAY), repeat=5)
        flt = HistoryFilter(since_ns=shift_start, until_ns=shift_end, tenant_id="bank",
                            outcomes=frozenset({CallOutcome.MISSED, CallOutcome.ABANDONED}), limit=100)
        timed("history page of a shift (tenant, unanswered)", lambda: records.history(flt))
        timed("history search by number part over 90 days",
              lambda: records.history(HistoryFilter(number="12345", limit=100)), repeat=5)
        db.close()


if __name__ == "__main__":
    main()
