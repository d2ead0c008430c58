"""Call records on the floor: what desks write (one row per call and desk) and what the
floor exports.

A desk sends the whole record every time it changes, with its revision ``rev`` (a local
counter that grows with each change): :func:`upsert_call` inserts it, or replaces the
floor's copy only when the revision is newer. A retry after a timeout, a record sent
twice after a crash, or an old revision arriving late therefore change nothing: the
delivery is idempotent and order does not matter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

__all__ = ["CALL_COLUMNS", "export_calls", "upsert_call"]

CALL_COLUMNS = (
    "desk_id", "call_id", "rev", "direction", "tenant_id", "dialed_number", "caller_number",
    "caller_name", "ivr_digits", "ivr_data", "operator", "group_id", "ring_at", "answered_at",
    "ended_at", "outcome", "end_reason", "sip_code", "talk_s", "transferred_to",
    "not_ready_reason", "wrapup_code", "note", "wrapup_at", "consult_for", "library_version",
)
"""The columns a desk sends (``db_user`` and ``received_at`` the server fills)."""

_UPSERT = sql.SQL(
    "INSERT INTO floor.calls ({cols}) VALUES ({vals}) ON CONFLICT (desk_id, call_id) DO UPDATE "
    "SET {sets} WHERE floor.calls.rev < EXCLUDED.rev"
).format(
    cols=sql.SQL(", ").join(map(sql.Identifier, CALL_COLUMNS)),
    vals=sql.SQL(", ").join(sql.Placeholder(c) for c in CALL_COLUMNS),
    sets=sql.SQL(", ").join(
        sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c))
        for c in CALL_COLUMNS if c not in ("desk_id", "call_id")),
)


def upsert_call(conn: psycopg.Connection[Any], record: Mapping[str, Any]) -> bool:
    """Store one call record (keys: :data:`CALL_COLUMNS`); True when the floor's copy changed."""
    cur = conn.execute(_UPSERT, dict(record))
    return cur.rowcount > 0


def export_calls(conn: psycopg.Connection[Any], *, since: datetime | None = None,
                 until: datetime | None = None, tenant_id: str = "",
                 batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every desk's calls (oldest first) with the columns of ``records export``
    (:data:`operator_desk.storage.export.COLUMNS`); consult calls of attended transfers are
    left out, as in the statistics."""
    clauses = [sql.SQL("consult_for = ''")]
    args: dict[str, Any] = {}
    if since is not None:
        clauses.append(sql.SQL("ring_at >= %(since)s"))
        args["since"] = since
    if until is not None:
        clauses.append(sql.SQL("ring_at < %(until)s"))
        args["until"] = until
    if tenant_id:
        clauses.append(sql.SQL("tenant_id = %(tenant)s"))
        args["tenant"] = tenant_id
    query = sql.SQL(
        "SELECT tenant_id AS tenant, dialed_number, caller_number, caller_name, ivr_digits, ivr_data,"
        " outcome, ring_at AS started_at, answered_at, ended_at, direction, operator, group_id AS \"group\","
        " desk_id AS desk, wrapup_code, note, transferred_to, end_reason, round(talk_s::numeric, 1)::float8"
        " AS talk_s, call_id FROM floor.calls WHERE {} ORDER BY ring_at, desk_id"
    ).format(sql.SQL(" AND ").join(clauses))
    with conn.transaction(), conn.cursor(name="floor_export", row_factory=dict_row) as cur:
        cur.itersize = batch
        cur.execute(query, args)
        yield from cur
