"""What the supervisor looks at: agents live, each tenant's calls today and this hour, the
callback queue, calls by hour. Read-only queries over the desks' records.

How the figures are counted (per tenant, calls that rang in the period, from every desk):

* **offered**: incoming calls that rang at a desk; consult calls of attended transfers are
  not calls, and a leg a desk declined so that the PBX routed it on (``rejected``, the
  operator was Not Ready or busy) is counted apart as *declined*, not as offered: the
  PBX offered that caller to another desk;
* **answered**: offered calls an operator answered (``interrupted`` ones too when they
  were answered before the desk stopped);
* **missed**: rang and nobody answered; **abandoned**: the caller hung up while it rang,
  within the first seconds (:data:`operator_desk.storage.records.DEFAULT_ABANDON_WITHIN_S`);
  **unanswered** = missed + abandoned + interrupted while ringing;
* **answer time**: ring to answer of answered calls, average and 90th percentile;
* **service level**: answered within the tenant's N seconds (its contract: 80/20 means
  80 % within 20 s) out of the offered calls minus the abandoned ones (a caller who hangs
  up in the first seconds was never waiting for an operator).

"Offline" and "overdue" use the server's clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from operator_desk.floor.agents import OFFLINE_AFTER_S, AgentRow

__all__ = [
    "DEFAULT_SERVICE_LEVEL_S",
    "OVERDUE_AFTER_S",
    "CallbackCounts",
    "TenantFigures",
    "agent",
    "agents",
    "callback_counts",
    "hourly",
    "offline_desks",
    "server_now",
    "tenant_figures",
]

DEFAULT_SERVICE_LEVEL_S = 20.0
OVERDUE_AFTER_S = 15 * 60.0
"""A due callback nobody has called for this long is overdue."""

_AGENT = ("desk_id, operator, group_id, host, profile, state, reason, tenant_id, since, heartbeat_at,"
          " heartbeat_at > now() - make_interval(secs => %(off)s) AS online")


def server_now(conn: psycopg.Connection[Any]) -> datetime:
    row = conn.execute("SELECT now()").fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


def agents(conn: psycopg.Connection[Any], offline_after_s: float = OFFLINE_AFTER_S) -> list[AgentRow]:
    """Every desk that ever joined the floor, by operator name."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(f"SELECT {_AGENT} FROM floor.agents ORDER BY operator, desk_id", {"off": offline_after_s})
        return [AgentRow(**row) for row in cur.fetchall()]


def agent(conn: psycopg.Connection[Any], desk_id: str,
          offline_after_s: float = OFFLINE_AFTER_S) -> AgentRow | None:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(f"SELECT {_AGENT} FROM floor.agents WHERE desk_id = %(d)s",
                    {"off": offline_after_s, "d": desk_id})
        row = cur.fetchone()
    return None if row is None else AgentRow(**row)


def offline_desks(conn: psycopg.Connection[Any], offline_after_s: float = OFFLINE_AFTER_S) -> set[str]:
    """Desks that stopped beating (cheap: asked every few seconds, a heartbeat notifies nobody)."""
    rows = conn.execute("SELECT desk_id FROM floor.agents WHERE state <> 'offline'"
                        " AND heartbeat_at <= now() - make_interval(secs => %s)", (offline_after_s,))
    return {r[0] for r in rows}


@dataclass(frozen=True, slots=True)
class TenantFigures:
    tenant_id: str
    offered: int = 0
    answered: int = 0
    missed: int = 0
    abandoned: int = 0
    unanswered: int = 0
    declined: int = 0
    avg_answer_s: float = 0.0
    p90_answer_s: float = 0.0
    within_service_level: int = 0
    service_level_s: float = DEFAULT_SERVICE_LEVEL_S

    @property
    def service_level(self) -> float | None:
        """Share (0-1) answered within ``service_level_s``; None without calls to count."""
        base = self.offered - self.abandoned
        return None if base <= 0 else self.within_service_level / base


def tenant_figures(conn: psycopg.Connection[Any], since: datetime, until: datetime | None = None, *,
                   service_levels: Mapping[str, float] | None = None,
                   default_service_level_s: float = DEFAULT_SERVICE_LEVEL_S,
                   tenants: Sequence[str] | None = None) -> dict[str, TenantFigures]:
    """Per tenant, the calls that rang from ``since`` (to ``until``), counted as the module says."""
    levels = dict(service_levels or {})
    args: dict[str, Any] = {"since": since, "until": until, "sl_t": list(levels),
                            "sl_n": list(levels.values()),
                            "sl_d": default_service_level_s, "tenants": list(tenants or [])}
    where = "c.ring_at >= %(since)s AND c.direction = 'in' AND c.consult_for = ''"
    if until is not None:
        where += " AND c.ring_at < %(until)s"
    if tenants is not None:
        where += " AND c.tenant_id = ANY(%(tenants)s)"
    query = f"""
        WITH sl AS (SELECT * FROM unnest(%(sl_t)s::text[], %(sl_n)s::float8[]) AS s(tenant_id, secs)),
        calls AS (
            SELECT c.tenant_id, c.outcome, c.answered_at IS NOT NULL AND c.outcome <> 'rejected' AS answered,
                   extract(epoch FROM c.answered_at - c.ring_at) AS wait_s,
                   COALESCE(sl.secs, %(sl_d)s) AS sl_s
            FROM floor.calls c LEFT JOIN sl ON sl.tenant_id = c.tenant_id WHERE {where})
        SELECT tenant_id,
               count(*) FILTER (WHERE outcome <> 'rejected') AS offered,
               count(*) FILTER (WHERE answered) AS answered,
               count(*) FILTER (WHERE outcome = 'missed') AS missed,
               count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
               count(*) FILTER (WHERE outcome IN ('missed', 'abandoned')
                                OR (outcome = 'interrupted' AND NOT answered)) AS unanswered,
               count(*) FILTER (WHERE outcome = 'rejected') AS declined,
               COALESCE(avg(wait_s) FILTER (WHERE answered), 0)::float8 AS avg_answer_s,
               COALESCE(percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_s)
                        FILTER (WHERE answered), 0)::float8 AS p90_answer_s,
               count(*) FILTER (WHERE answered AND wait_s <= sl_s) AS within_service_level,
               max(sl_s)::float8 AS service_level_s
        FROM calls GROUP BY tenant_id ORDER BY tenant_id"""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query, args)
        return {row["tenant_id"]: TenantFigures(**row) for row in cur.fetchall()}


def hourly(conn: psycopg.Connection[Any], since: datetime, until: datetime,
           tenants: Sequence[str] | None = None) -> list[tuple[datetime, int, int]]:
    """Incoming calls per hour from ``since`` to ``until`` (aware datetimes; the hours are those
    of ``since``'s time zone, the supervisor's): ``(hour start, offered, unanswered)``, every
    hour of the period, also those without calls."""
    offset = since.utcoffset()
    off_s = offset.total_seconds() if offset is not None else 0.0
    where = ("ring_at >= %(since)s AND ring_at < %(until)s AND direction = 'in' AND consult_for = ''"
             " AND outcome <> 'rejected'")
    if tenants is not None:
        where += " AND tenant_id = ANY(%(tenants)s)"
    rows = conn.execute(
        f"""SELECT floor((extract(epoch FROM ring_at) + %(off)s) / 3600)::bigint AS slot, count(*),
                   count(*) FILTER (WHERE answered_at IS NULL AND outcome <> 'ongoing')
            FROM floor.calls WHERE {where} GROUP BY 1""",
        {"since": since, "until": until, "off": off_s, "tenants": list(tenants or [])}).fetchall()
    counted = {int(r[0]): (int(r[1]), int(r[2])) for r in rows}
    first = int((since.timestamp() + off_s) // 3600)
    last = int((until.timestamp() + off_s - 1e-6) // 3600)
    tz = since.tzinfo
    return [(datetime.fromtimestamp(slot * 3600 - off_s, tz), *counted.get(slot, (0, 0)))
            for slot in range(first, last + 1)]


@dataclass(frozen=True, slots=True)
class CallbackCounts:
    tenant_id: str
    open: int = 0
    due: int = 0
    overdue: int = 0
    done: int = 0
    """Closed as done (reached and settled) since the period began."""


def callback_counts(conn: psycopg.Connection[Any], since: datetime,
                    overdue_after_s: float = OVERDUE_AFTER_S) -> dict[str, CallbackCounts]:
    """Per tenant: open callbacks, due now, overdue, done since ``since``."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            """SELECT tenant_id,
                      count(*) FILTER (WHERE state = 'open') AS open,
                      count(*) FILTER (WHERE state = 'open' AND next_attempt_at <= now()) AS due,
                      count(*) FILTER (WHERE state = 'open'
                                       AND next_attempt_at < now() - make_interval(secs => %(over)s))
                          AS overdue,
                      count(*) FILTER (WHERE state = 'done' AND closed_at >= %(since)s) AS done
               FROM floor.callbacks WHERE state = 'open' OR closed_at >= %(since)s
               GROUP BY tenant_id ORDER BY tenant_id""",
            {"since": since, "over": overdue_after_s})
        return {row["tenant_id"]: CallbackCounts(**row) for row in cur.fetchall()}
