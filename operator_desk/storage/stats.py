"""The shift in figures, per tenant: what the operator and the supervisor look at.

Calls offered, answered, missed (and why), average handle and after-call time,
transfers, callbacks taken and delivered, wrap-up codes, and calls per hour — from the
desk's own records, with a CSV export a spreadsheet opens.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from operator_desk.storage.records import CallRecords, Direction, TenantStats


@dataclass(frozen=True, slots=True)
class TenantSummary:
    stats: TenantStats
    avg_after_call_s: float
    callbacks_taken: int
    callbacks_delivered: int
    wrapup_codes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ShiftSummary:
    since_ns: int
    until_ns: int
    tenants: tuple[TenantSummary, ...]
    calls_per_hour: dict[int, int]
    """Local hour (0-23, as datetime.fromtimestamp gives it) -> calls offered."""

    @property
    def offered(self) -> int:
        return sum(t.stats.total for t in self.tenants)

    @property
    def answered(self) -> int:
        return sum(t.stats.answered + t.stats.transferred for t in self.tenants)


def shift_summary(conn: sqlite3.Connection, since_ns: int, until_ns: int) -> ShiftSummary:
    stats = CallRecords(conn).stats(since_ns, until_ns)
    period = (since_ns, until_ns)
    after_call = dict(conn.execute(
        "SELECT tenant_id, AVG((wrapup_ns - ended_ns) / 1e9) FROM calls"
        " WHERE started_ns >= ? AND started_ns < ? AND consult_for = ''"
        " AND wrapup_ns IS NOT NULL AND ended_ns IS NOT NULL AND wrapup_ns >= ended_ns"
        " GROUP BY tenant_id", period).fetchall())
    taken = dict(conn.execute(
        "SELECT tenant_id, COUNT(*) FROM callbacks WHERE created_ns >= ? AND created_ns < ?"
        " AND origin_desk = ''"  # taken here, not claimed from the floor
        " GROUP BY tenant_id", period).fetchall())
    delivered = dict(conn.execute(
        "SELECT tenant_id, COUNT(*) FROM outbox WHERE target = '' AND kind = 'callback'"
        " AND state = 'delivered'"
        " AND created_ns >= ? AND created_ns < ? GROUP BY tenant_id", period).fetchall())
    codes: dict[str, dict[str, int]] = {}
    for tenant_id, code, count in conn.execute(
            "SELECT tenant_id, wrapup_code, COUNT(*) FROM calls WHERE started_ns >= ?"
            " AND started_ns < ? AND wrapup_code != '' GROUP BY tenant_id, wrapup_code", period):
        codes.setdefault(tenant_id, {})[code] = count
    hours: Counter[int] = Counter()
    for (started,) in conn.execute(
            "SELECT started_ns FROM calls WHERE started_ns >= ? AND started_ns < ?"
            " AND direction = ? AND consult_for = ''", (*period, Direction.INCOMING.value)):
        hours[datetime.fromtimestamp(started / 1e9).hour] += 1
    tenants = tuple(
        TenantSummary(s, float(after_call.get(s.tenant_id) or 0.0), int(taken.get(s.tenant_id, 0)),
                      int(delivered.get(s.tenant_id, 0)), codes.get(s.tenant_id, {}))
        for s in stats)
    return ShiftSummary(since_ns, until_ns, tenants, dict(sorted(hours.items())))


CSV_HEADER = ("tenant", "offered", "answered", "transferred", "missed", "abandoned", "rejected",
              "avg_handle_s", "avg_ring_s", "avg_after_call_s", "callbacks_taken",
              "callbacks_delivered", "wrapup_codes")


def to_csv(summary: ShiftSummary, names: dict[str, str] | None = None) -> str:
    """The summary as CSV (UTF-8 with the header row), one line per tenant."""
    names = names or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for t in summary.tenants:
        s = t.stats
        writer.writerow([
            names.get(s.tenant_id, s.tenant_id) or "(unknown number)", s.total, s.answered,
            s.transferred, s.missed, s.abandoned, s.rejected, round(s.avg_handle_s, 1),
            round(s.avg_ring_s, 1), round(t.avg_after_call_s, 1), t.callbacks_taken,
            t.callbacks_delivered, "; ".join(f"{k}={v}" for k, v in sorted(t.wrapup_codes.items())),
        ])
    return out.getvalue()
