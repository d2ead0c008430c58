"""The floor's shared callback queue: requests any desk may call back, with claims and leases.

A desk *claims* a callback before it dials (``SELECT … FOR UPDATE SKIP LOCKED``): the claim
names the desk and lasts a lease (:data:`LEASE_S`, counted by the server's clock). Two
desks asking at once never get the same callback; a desk asking for the next due one
skips those locked or held by others instead of waiting for them. While the operator
works on it (dialing, talking, choosing how it went) the desk renews the lease with
every heartbeat; a desk that dies stops renewing, and once the lease has run out the
callback is anyone's again. The attempt the desk reports ends its claim
(:func:`add_attempt`; the floor counts attempts, closes the callback or schedules its
next try: see :mod:`operator_desk.floor.schema`).

Which callbacks a desk may take: open ones, due now, of the tenants it serves (the desk
passes those whose calling hours are on now) and of its group (a callback taken by an
operator of a group goes back to that group; one of no group, or a desk of no group,
matches all).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

__all__ = [
    "LEASE_S",
    "FloorCallback",
    "add_attempt",
    "add_callback",
    "callback_list",
    "claim",
    "claim_next",
    "release",
]

LEASE_S = 60.0
"""A claim's lease: renewed every heartbeat (5 s) while the desk works on the callback, so
only a desk that died (or lost the floor) lets it run out; then the callback is free again
after at most a minute."""

_FIELDS = (
    "id::text AS id, desk_id, tenant_id, group_id, number, name, fields, note, call_id, preferred_at,"
    " created_at, state, attempts, next_attempt_at, claimed_by, claim_expires_at, closed_at"
)


@dataclass(frozen=True, slots=True)
class FloorCallback:
    id: str
    desk_id: str
    """The desk that took the request."""
    tenant_id: str
    group_id: str
    number: str
    name: str
    fields: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    call_id: str = ""
    preferred_at: datetime | None = None
    created_at: datetime | None = None
    state: str = "open"
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_by: str | None = None
    claim_expires_at: datetime | None = None
    closed_at: datetime | None = None


def _callback(row: Mapping[str, Any]) -> FloorCallback:
    fields = row["fields"]
    if isinstance(fields, str):
        fields = json.loads(fields)
    return FloorCallback(**{**row, "fields": dict(fields or {})})


def add_callback(conn: psycopg.Connection[Any], request: Mapping[str, Any]) -> bool:
    """Put a request taken at a desk on the floor (once: a second delivery adds nothing)."""
    cur = conn.execute(
        """INSERT INTO floor.callbacks (id, desk_id, tenant_id, group_id, number, name, fields, note,
                                        call_id, preferred_at, created_at, next_attempt_at)
           VALUES (%(id)s, %(desk_id)s, %(tenant_id)s, %(group_id)s, %(number)s, %(name)s,
                   %(fields)s::jsonb, %(note)s, %(call_id)s, %(preferred_at)s, %(created_at)s,
                   %(next_attempt_at)s)
           ON CONFLICT (id) DO NOTHING""",
        {**request, "fields": json.dumps(dict(request.get("fields") or {}), ensure_ascii=False)},
    )
    return cur.rowcount > 0


def add_attempt(conn: psycopg.Connection[Any], attempt: Mapping[str, Any]) -> bool:
    """Record how an attempt went (keys: desk_id, callback_id, seq, operator, at, outcome, note,
    call_id, retry_after_s, max_attempts); once: a second delivery adds nothing."""
    cur = conn.execute(
        """INSERT INTO floor.callback_attempts (desk_id, callback_id, seq, operator, at, outcome, note,
                                                call_id, retry_after, max_attempts)
           VALUES (%(desk_id)s, %(callback_id)s, %(seq)s, %(operator)s, %(at)s, %(outcome)s, %(note)s,
                   %(call_id)s, make_interval(secs => %(retry_after_s)s), %(max_attempts)s)
           ON CONFLICT DO NOTHING""",
        dict(attempt),
    )
    return cur.rowcount > 0


def _serving(tenants: Sequence[str], group_id: str) -> tuple[str, dict[str, Any]]:
    where = "tenant_id = ANY(%(tenants)s)"
    if group_id:
        where += " AND group_id IN ('', %(group)s)"
    return where, {"tenants": list(tenants), "group": group_id}


def claim_next(conn: psycopg.Connection[Any], desk_id: str, tenants: Sequence[str], *,
               group_id: str = "", lease_s: float = LEASE_S) -> FloorCallback | None:
    """Claim the most overdue callback this desk may call now, or None when there is none."""
    if not tenants:
        return None
    serving, args = _serving(tenants, group_id)
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            f"""UPDATE floor.callbacks SET claimed_by = %(desk)s, claimed_db_user = current_user,
                    claimed_at = now(), claim_expires_at = now() + make_interval(secs => %(lease)s)
                WHERE id = (SELECT id FROM floor.callbacks
                            WHERE state = 'open' AND next_attempt_at <= now() AND {serving}
                              AND (claimed_by IS NULL OR claim_expires_at < now())
                            ORDER BY next_attempt_at, created_at LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                RETURNING {_FIELDS}""",
            {**args, "desk": desk_id, "lease": lease_s},
        )
        row = cur.fetchone()
    return None if row is None else _callback(row)


def claim(conn: psycopg.Connection[Any], desk_id: str, callback_id: str, *,
          lease_s: float = LEASE_S) -> FloorCallback | None:
    """Claim this callback (the operator chose it on the work list); None when another desk
    holds it or it is closed."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            f"""UPDATE floor.callbacks SET claimed_by = %(desk)s, claimed_db_user = current_user,
                    claimed_at = now(), claim_expires_at = now() + make_interval(secs => %(lease)s)
                WHERE id = %(id)s AND state = 'open'
                  AND (claimed_by IS NULL OR claimed_by = %(desk)s OR claim_expires_at < now())
                RETURNING {_FIELDS}""",
            {"desk": desk_id, "id": callback_id, "lease": lease_s},
        )
        row = cur.fetchone()
    return None if row is None else _callback(row)


def release(conn: psycopg.Connection[Any], desk_id: str, callback_id: str) -> bool:
    """Give a claim back without an attempt (the operator did not dial after all)."""
    cur = conn.execute(
        "UPDATE floor.callbacks SET claimed_by = NULL, claimed_db_user = NULL, claimed_at = NULL,"
        " claim_expires_at = NULL WHERE id = %s AND claimed_by = %s", (callback_id, desk_id))
    return cur.rowcount > 0


def callback_list(conn: psycopg.Connection[Any], tenants: Sequence[str] | None = None, *,
                  group_id: str = "", states: Sequence[str] = ("open",), due_only: bool = False,
                  limit: int = 1000) -> list[FloorCallback]:
    """Callbacks on the floor, soonest next attempt first (``tenants`` None: all tenants)."""
    clauses = ["state = ANY(%(states)s)"]
    args: dict[str, Any] = {"states": list(states), "limit": limit}
    if tenants is not None:
        serving, more = _serving(tenants, group_id)
        clauses.append(serving)
        args.update(more)
    if due_only:
        clauses.append("next_attempt_at <= now()")
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(f"SELECT {_FIELDS} FROM floor.callbacks WHERE {' AND '.join(clauses)}"
                    " ORDER BY next_attempt_at, created_at LIMIT %(limit)s", args)
        return [_callback(row) for row in cur.fetchall()]
