"""The outbox: requests waiting to be delivered to a tenant's CRM, kept in the database.

Each item has a UUID that is also its ``Idempotency-Key`` when delivered, so sending an
item twice (after a timeout, or after the desk died mid-request) never creates two
records at the receiving end. An item's state::

    QUEUED ──claim──> DELIVERING ──2xx──> DELIVERED
       ^                  │
       └──retry/crash─────┤
                          └──4xx (not 408/429)──> FAILED  (reason kept; retry_failed() requeues)

Items have a *target*: ``''`` (:data:`CRM`) goes to the tenant's CRM, :data:`FLOOR` to the
floor database; each target has its own worker, which claims only its own items. An
item with a ``ref`` and an empty payload delivers what the reference names as it is at
delivery time (a call record: see the ``calls_to_floor`` triggers in
:mod:`operator_desk.storage.db`). :meth:`OutboxQueue.replicate_to` makes a target take
this desk's records from now on (and the last days' ones).

``DELIVERING`` is committed before the HTTP request goes out; an item still
``DELIVERING`` when the desk starts was interrupted and :meth:`OutboxQueue.requeue_interrupted`
queues it again with the same id. The network side is
:class:`operator_desk.services.outbox.OutboxWorker`.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from operator_desk.storage.db import new_id, now_ns, transaction

__all__ = ["CALL_LOG", "CRM", "FLOOR", "OutboxItem", "OutboxQueue", "OutboxState"]

CRM = ""
FLOOR = "floor"
CALL_LOG = "crm-calls"
"""Not a target of its own: while :meth:`OutboxQueue.replicating` it, every call that ends
queues a ``call_log`` item for the CRM (its telephony's call log)."""


class OutboxState(enum.Enum):
    QUEUED = "queued"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    FAILED = "failed"
    """Failed permanently: the receiver refused the request (``last_error`` says why)."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: str
    """UUID; the ``Idempotency-Key`` of every delivery attempt."""
    kind: str
    tenant_id: str
    payload: Mapping[str, Any]
    state: OutboxState
    attempts: int
    created_ns: int
    next_attempt_ns: int
    updated_ns: int
    delivered_ns: int | None
    http_status: int
    """Status of the last response, 0 when there was none (timeout, refused)."""
    last_error: str
    target: str = CRM
    ref: str = ""
    """What the item delivers when its payload is empty (e.g. a call's Call-ID)."""


_COLUMNS = (
    "id, kind, tenant_id, payload, state, attempts, created_ns, next_attempt_ns, updated_ns, "
    "delivered_ns, http_status, last_error, target, ref"
)


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"], kind=row["kind"], tenant_id=row["tenant_id"], payload=json.loads(row["payload"]),
        state=OutboxState(row["state"]), attempts=row["attempts"], created_ns=row["created_ns"],
        next_attempt_ns=row["next_attempt_ns"], updated_ns=row["updated_ns"],
        delivered_ns=row["delivered_ns"], http_status=row["http_status"], last_error=row["last_error"],
        target=row["target"], ref=row["ref"],
    )


class OutboxQueue:
    """The outbox table on one connection (one thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def enqueue(self, kind: str, tenant_id: str, payload: Mapping[str, Any], *,
                item_id: str | None = None, at_ns: int | None = None, target: str = CRM,
                ref: str = "") -> OutboxItem:
        """Queue a request (joins the caller's transaction if one is open)."""
        item_id = item_id or new_id()
        at_ns = now_ns() if at_ns is None else at_ns
        self.conn.execute(
            "INSERT INTO outbox (id, kind, tenant_id, payload, state, created_ns, next_attempt_ns,"
            " updated_ns, target, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, kind, tenant_id, json.dumps(dict(payload), ensure_ascii=False),
             OutboxState.QUEUED.value, at_ns, at_ns, at_ns, target, ref),
        )
        return OutboxItem(item_id, kind, tenant_id, dict(payload), OutboxState.QUEUED, 0, at_ns, at_ns, at_ns,
                          None, 0, "", target, ref)

    # -- targets ---------------------------------------------------------------------

    def replicating(self, target: str) -> bool:
        """Whether this desk's records go to ``target`` (see :meth:`replicate_to`)."""
        return self.conn.execute("SELECT 1 FROM replicas WHERE target = ?", (target,)).fetchone() is not None

    def replicate_to(self, target: str, backfill_since_ns: int | None = None) -> int:
        """From now on every call record goes to ``target`` too; the first time, the calls
        started since ``backfill_since_ns`` are queued for it. Returns how many were queued."""
        with transaction(self.conn):
            if self.replicating(target):
                return 0
            at = now_ns()
            self.conn.execute("INSERT INTO replicas (target, since_ns) VALUES (?, ?)", (target, at))
            if backfill_since_ns is None:
                return 0
            return self.conn.execute(
                "INSERT INTO outbox (id, kind, tenant_id, payload, state, created_ns, next_attempt_ns,"
                " updated_ns, target, ref) SELECT lower(hex(randomblob(16))), 'call', tenant_id, '{}',"
                " 'queued', started_ns, ?, ?, ?, call_id FROM calls WHERE started_ns >= ?",
                (at, at, target, backfill_since_ns)).rowcount

    def stop_replicating(self, target: str) -> None:
        """Records no longer go to ``target`` (items already queued stay queued)."""
        self.conn.execute("DELETE FROM replicas WHERE target = ?", (target,))

    # -- reading ---------------------------------------------------------------------

    def get(self, item_id: str) -> OutboxItem | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return None if row is None else _item(row)

    def items(self, states: Iterable[OutboxState] = (), tenant_id: str = "",
              limit: int = 1000) -> list[OutboxItem]:
        """Items in ``states`` (all when empty), oldest first."""
        clauses: list[str] = []
        args: list[object] = []
        values = sorted({s.value for s in states})
        if values:
            clauses.append(f"state IN ({','.join('?' * len(values))})")
            args.extend(values)
        if tenant_id:
            clauses.append("tenant_id = ?")
            args.append(tenant_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM outbox {where} ORDER BY created_ns, id LIMIT ?", (*args, limit)
        )
        return [_item(row) for row in rows]

    def counts(self, target: str = CRM) -> dict[OutboxState, int]:
        found = dict(self.conn.execute("SELECT state, COUNT(*) FROM outbox WHERE target = ? GROUP BY state",
                                       (target,)).fetchall())
        return {state: int(found.get(state.value, 0)) for state in OutboxState}

    def next_due_ns(self, target: str = CRM) -> int | None:
        """When the earliest queued item is due, None when nothing is queued."""
        row = self.conn.execute(
            "SELECT MIN(next_attempt_ns) FROM outbox WHERE target = ? AND state = ?",
            (target, OutboxState.QUEUED.value),
        ).fetchone()
        return None if row[0] is None else int(row[0])

    # -- delivery --------------------------------------------------------------------

    def claim_due(self, limit: int, at_ns: int | None = None, target: str = CRM) -> list[OutboxItem]:
        """Mark up to ``limit`` due items of ``target`` DELIVERING (committed) and return them."""
        if limit <= 0:
            return []
        at_ns = now_ns() if at_ns is None else at_ns
        with transaction(self.conn):
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE target = ? AND state = ? AND next_attempt_ns <= ?"
                " ORDER BY next_attempt_ns, created_ns LIMIT ?",
                (target, OutboxState.QUEUED.value, at_ns, limit),
            ).fetchall()
            self.conn.executemany(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, updated_ns = ? WHERE id = ?",
                [(OutboxState.DELIVERING.value, at_ns, row["id"]) for row in rows],
            )
        return [
            replace(_item(row), state=OutboxState.DELIVERING, attempts=row["attempts"] + 1, updated_ns=at_ns)
            for row in rows
        ]

    def mark_delivered(self, item_id: str, http_status: int, at_ns: int | None = None) -> None:
        at_ns = now_ns() if at_ns is None else at_ns
        self.conn.execute(
            "UPDATE outbox SET state = ?, delivered_ns = ?, updated_ns = ?, http_status = ?, last_error = ''"
            " WHERE id = ? AND state = ?",
            (OutboxState.DELIVERED.value, at_ns, at_ns, http_status, item_id, OutboxState.DELIVERING.value),
        )

    def mark_retry(self, item_id: str, next_attempt_ns: int, error: str, http_status: int = 0,
                   at_ns: int | None = None) -> None:
        at_ns = now_ns() if at_ns is None else at_ns
        self.conn.execute(
            "UPDATE outbox SET state = ?, next_attempt_ns = ?, updated_ns = ?, http_status = ?,"
            " last_error = ? WHERE id = ? AND state = ?",
            (OutboxState.QUEUED.value, next_attempt_ns, at_ns, http_status, error, item_id,
             OutboxState.DELIVERING.value),
        )

    def mark_failed(self, item_id: str, error: str, http_status: int = 0,
                    at_ns: int | None = None) -> None:
        at_ns = now_ns() if at_ns is None else at_ns
        self.conn.execute(
            "UPDATE outbox SET state = ?, updated_ns = ?, http_status = ?, last_error = ?"
            " WHERE id = ? AND state = ?",
            (OutboxState.FAILED.value, at_ns, http_status, error, item_id, OutboxState.DELIVERING.value),
        )

    def requeue_interrupted(self, target: str = CRM) -> list[str]:
        """Queue again (same id) every item of ``target`` left DELIVERING by a crash or a stop;
        return their ids."""
        at_ns = now_ns()
        with transaction(self.conn):
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM outbox WHERE target = ? AND state = ?",
                (target, OutboxState.DELIVERING.value))]
            self.conn.execute(
                "UPDATE outbox SET state = ?, next_attempt_ns = ?, updated_ns = ?,"
                " last_error = 'interrupted; sending again' WHERE target = ? AND state = ?",
                (OutboxState.QUEUED.value, at_ns, at_ns, target, OutboxState.DELIVERING.value),
            )
        return ids

    def retry_failed(self, item_id: str = "") -> int:
        """Queue a permanently failed item (or every one) again, e.g. after a fix in the CRM."""
        at_ns = now_ns()
        sql = "UPDATE outbox SET state = ?, next_attempt_ns = ?, updated_ns = ? WHERE state = ?"
        args: tuple[object, ...] = (OutboxState.QUEUED.value, at_ns, at_ns, OutboxState.FAILED.value)
        if item_id:
            sql += " AND id = ?"
            args = (*args, item_id)
        return self.conn.execute(sql, args).rowcount

    def retry_now(self, target: str = CRM) -> int:
        """Make every queued item of ``target`` due at once (the operator pressed "retry
        now", or the floor is reachable again)."""
        at_ns = now_ns()
        return self.conn.execute(
            "UPDATE outbox SET next_attempt_ns = ? WHERE target = ? AND state = ? AND next_attempt_ns > ?",
            (at_ns, target, OutboxState.QUEUED.value, at_ns),
        ).rowcount

    def purge_delivered(self, older_than_ns: int) -> int:
        """Forget delivered items delivered before ``older_than_ns``."""
        return self.conn.execute(
            "DELETE FROM outbox WHERE state = ? AND delivered_ns < ?",
            (OutboxState.DELIVERED.value, older_than_ns),
        ).rowcount
