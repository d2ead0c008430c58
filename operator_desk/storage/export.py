"""Call records as a table for IT and supervisors: CSV (UTF-8, a header row, one row a
call) or JSON, with the same columns from the desk's own database (``records export``)
and from the floor (``floor export``): :data:`COLUMNS`."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

__all__ = ["COLUMNS", "local_rows", "write_rows"]

COLUMNS = (
    "tenant", "dialed_number", "caller_number", "caller_name", "ivr_digits", "ivr_data",
    "outcome", "started_at", "answered_at", "ended_at", "direction", "operator", "group",
    "desk", "wrapup_code", "note", "transferred_to", "end_reason", "talk_s", "call_id",
)
"""``started_at`` is when the call rang (or was dialed); times are ISO 8601 with their UTC
offset; ``desk`` is empty in a desk's own export."""


def _iso_ns(ns: int | None) -> str:
    if ns is None:
        return ""
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="seconds")


def local_rows(conn: sqlite3.Connection, *, since_ns: int | None = None, until_ns: int | None = None,
               tenant_id: str = "", batch: int = 2000) -> Iterator[dict[str, Any]]:
    """This desk's calls, oldest first (consult calls of attended transfers left out)."""
    clauses = ["consult_for = ''"]
    args: list[object] = []
    if since_ns is not None:
        clauses.append("started_ns >= ?")
        args.append(since_ns)
    if until_ns is not None:
        clauses.append("started_ns < ?")
        args.append(until_ns)
    if tenant_id:
        clauses.append("tenant_id = ?")
        args.append(tenant_id)
    cur = conn.execute(
        "SELECT tenant_id, dialed_number, caller_number, caller_name, ivr_digits, ivr_data, outcome,"
        " started_ns, answered_ns, ended_ns, direction, operator, group_id, wrapup_code, note,"
        " transferred_to, end_reason, talk_s, call_id FROM calls WHERE " + " AND ".join(clauses)
        + " ORDER BY started_ns, id", args)
    while rows := cur.fetchmany(batch):
        for r in rows:
            yield {
                "tenant": r["tenant_id"], "dialed_number": r["dialed_number"],
                "caller_number": r["caller_number"], "caller_name": r["caller_name"],
                "ivr_digits": r["ivr_digits"], "ivr_data": r["ivr_data"], "outcome": r["outcome"],
                "started_at": _iso_ns(r["started_ns"]), "answered_at": _iso_ns(r["answered_ns"]),
                "ended_at": _iso_ns(r["ended_ns"]), "direction": r["direction"],
                "operator": r["operator"], "group": r["group_id"], "desk": "",
                "wrapup_code": r["wrapup_code"], "note": r["note"],
                "transferred_to": r["transferred_to"], "end_reason": r["end_reason"],
                "talk_s": round(float(r["talk_s"]), 1), "call_id": r["call_id"],
            }


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if value is None:
        return ""
    return value


def write_rows(rows: Iterable[Mapping[str, Any]], out: TextIO, fmt: str = "csv") -> int:
    """Write rows of :data:`COLUMNS` as CSV (header row first) or as a JSON array, streaming;
    returns how many rows were written."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in COLUMNS])
            count += 1
        return count
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        json.dump({c: _text(row.get(c)) for c in COLUMNS}, out, ensure_ascii=False)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
