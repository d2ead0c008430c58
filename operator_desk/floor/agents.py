"""Agent states on the floor: each desk's row, its heartbeat, and when it counts as offline.

An agent is an operator at a desk (``desk_id``: stable per PC and operator profile), so
two desks on one PC with different profiles are two agents. A desk publishes its state
when it changes and beats every :data:`HEARTBEAT_S`; a desk whose last beat is older
than :data:`OFFLINE_AFTER_S` (by the server's clock) shows as offline. The time in a
state is sent as a duration and turned into a moment by the server, so a desk's wrong
clock never shows as "Ready for 3 hours".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

__all__ = ["HEARTBEAT_S", "OFFLINE_AFTER_S", "AgentRow", "beat", "publish", "sign_off"]

HEARTBEAT_S = 5.0
"""How often a desk beats (one tiny UPDATE: 500 desks make 100 a second, nothing for PostgreSQL)."""
OFFLINE_AFTER_S = 15.0
"""Three missed beats: the desk was killed, lost its network, or its PC slept."""


@dataclass(frozen=True, slots=True)
class AgentRow:
    desk_id: str
    operator: str
    group_id: str
    host: str
    profile: str
    state: str
    """``ready``, ``not_ready``, ``after_call_work``, ``ringing``, ``on_call`` or ``offline``."""
    reason: str
    tenant_id: str
    since: datetime
    heartbeat_at: datetime
    online: bool
    """The last beat is recent (by the server's clock); a desk that stopped beating is offline."""

    @property
    def shown_state(self) -> str:
        return self.state if self.online else "offline"


def publish(conn: psycopg.Connection[Any], desk_id: str, *, operator: str, group_id: str, host: str,
            profile: str, state: str, reason: str = "", tenant_id: str = "", seconds_in_state: float = 0.0,
            desk_version: str = "") -> None:
    """The desk's state now (a beat too)."""
    conn.execute(
        """INSERT INTO floor.agents (desk_id, operator, group_id, host, profile, state, reason, tenant_id,
                                     since, heartbeat_at, started_at, desk_version)
           VALUES (%(d)s, %(op)s, %(g)s, %(h)s, %(p)s, %(s)s, %(r)s, %(t)s,
                   now() - make_interval(secs => %(in)s), now(), now(), %(v)s)
           ON CONFLICT (desk_id) DO UPDATE SET operator = EXCLUDED.operator, group_id = EXCLUDED.group_id,
               host = EXCLUDED.host, profile = EXCLUDED.profile, state = EXCLUDED.state,
               reason = EXCLUDED.reason, tenant_id = EXCLUDED.tenant_id,
               since = CASE WHEN (floor.agents.state, floor.agents.reason, floor.agents.tenant_id)
                                 = (EXCLUDED.state, EXCLUDED.reason, EXCLUDED.tenant_id)
                            AND floor.agents.heartbeat_at > now() - make_interval(secs => %(off)s)
                            THEN floor.agents.since ELSE EXCLUDED.since END,
               heartbeat_at = now(), desk_version = EXCLUDED.desk_version""",
        {"d": desk_id, "op": operator, "g": group_id, "h": host, "p": profile, "s": state, "r": reason,
         "t": tenant_id, "in": max(0.0, float(seconds_in_state)), "v": desk_version,
         "off": OFFLINE_AFTER_S},
    )


def beat(conn: psycopg.Connection[Any], desk_id: str, claims: Sequence[str] = (),
         lease_s: float = 0.0) -> list[str]:
    """The heartbeat: the agent row is alive, and the leases of ``claims`` (callback ids
    this desk still works on) are renewed; returns the ids still held."""
    with conn.transaction():
        conn.execute("UPDATE floor.agents SET heartbeat_at = now() WHERE desk_id = %s", (desk_id,))
        if not claims:
            return []
        rows = conn.execute(
            "UPDATE floor.callbacks SET claim_expires_at = now() + make_interval(secs => %s)"
            " WHERE id = ANY(%s::uuid[]) AND claimed_by = %s AND state = 'open' RETURNING id::text",
            (lease_s, list(claims), desk_id)).fetchall()
    return [r[0] for r in rows]


def sign_off(conn: psycopg.Connection[Any], desk_id: str) -> None:
    """The desk closes: offline at once, and its claims go back to the queue."""
    with conn.transaction():
        conn.execute("UPDATE floor.agents SET state = 'offline', reason = '', tenant_id = '', since = now(),"
                     " heartbeat_at = now() WHERE desk_id = %s", (desk_id,))
        conn.execute("UPDATE floor.callbacks SET claimed_by = NULL, claimed_db_user = NULL,"
                     " claimed_at = NULL,"
                     " claim_expires_at = NULL WHERE claimed_by = %s", (desk_id,))
