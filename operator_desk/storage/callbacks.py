"""Callback requests: captured on a call, delivered to the CRM, worked off a due list.

:meth:`Callbacks.submit` writes the request and its outbox item (kind ``callback``, the
request's UUID as the idempotency key) in one transaction and drops the form's draft,
so a request is either fully taken or not at all. The outbox worker
(:mod:`operator_desk.services.outbox`) delivers it.

The work list: each open request has a next attempt time (first: the caller's preferred
time, or at once). :meth:`Callbacks.record_attempt` notes how a call-back attempt went:

* ``done`` or ``wrong_number`` close the request;
* ``no_answer``, ``busy`` and ``reached`` (the customer was reached and asked to be called
  again later) schedule the next attempt after the tenant's :class:`RetryPolicy` delay,
  until ``max_attempts`` attempts were made (then the request is ``gave_up``).

On a floor (the outbox replicates to ``floor``), each request taken here, each attempt
and each cancellation is queued for the floor in the same transaction (the request's
UUID, and the desk, callback and attempt number, make each delivery idempotent). A floor
callback this desk claims is kept here too (:meth:`Callbacks.adopt`, with the desk that
took it in ``origin_desk``), so its attempts are recorded locally first like any other.
"""

from __future__ import annotations

import enum
import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from operator_desk.storage.db import StorageError, new_id, now_ns, transaction
from operator_desk.storage.outbox import FLOOR, OutboxQueue

__all__ = [
    "CALLBACK_KIND",
    "AttemptOutcome",
    "CallbackAttempt",
    "CallbackRequest",
    "CallbackStatus",
    "Callbacks",
    "RetryPolicy",
]

log = logging.getLogger(__name__)

CALLBACK_KIND = "callback"


class CallbackStatus(enum.Enum):
    OPEN = "open"
    DONE = "done"
    WRONG_NUMBER = "wrong_number"
    GAVE_UP = "gave_up"
    CANCELLED = "cancelled"


class AttemptOutcome(enum.Enum):
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    REACHED = "reached"
    """The customer was reached but asked to be called again later."""
    DONE = "done"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    no_answer_delay_s: float = 30 * 60
    busy_delay_s: float = 10 * 60
    max_attempts: int = 5
    reached_delay_s: float = 60 * 60

    def delay_s(self, outcome: AttemptOutcome) -> float:
        if outcome is AttemptOutcome.BUSY:
            return self.busy_delay_s
        if outcome is AttemptOutcome.REACHED:
            return self.reached_delay_s
        return self.no_answer_delay_s


@dataclass(frozen=True, slots=True)
class CallbackRequest:
    id: str
    """UUID; also the outbox item id and ``Idempotency-Key``."""
    tenant_id: str
    number: str
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    """The tenant's callback form, field id -> value."""
    note: str = ""
    call_id: str = ""
    """The call during which the request was taken ('' when entered by hand)."""
    preferred_ns: int | None = None
    created_ns: int = 0
    status: CallbackStatus = CallbackStatus.OPEN
    attempts: int = 0
    next_attempt_ns: int | None = None
    closed_ns: int | None = None
    group_id: str = ""
    """The group of the operator who took it: on a floor, that group calls back."""
    origin_desk: str = ""
    """'' when taken at this desk; else the floor desk that took it (a claimed callback)."""

    def payload(self) -> dict[str, object]:
        """What the CRM receives."""
        return {
            "id": self.id,
            "type": CALLBACK_KIND,
            "tenant": self.tenant_id,
            "number": self.number,
            "name": self.name,
            "fields": dict(self.fields),
            "note": self.note,
            "call_id": self.call_id,
            "preferred_at": _iso(self.preferred_ns),
            "created_at": _iso(self.created_ns),
        }


@dataclass(frozen=True, slots=True)
class CallbackAttempt:
    seq: int
    at_ns: int
    outcome: AttemptOutcome
    note: str = ""


def _iso(ns: int | None) -> str | None:
    if ns is None:
        return None
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="seconds")


_COLUMNS = (
    "id, tenant_id, number, name, fields, note, call_id, preferred_ns, created_ns, status, attempts, "
    "next_attempt_ns, closed_ns, group_id, origin_desk"
)


def _request(row: sqlite3.Row) -> CallbackRequest:
    return CallbackRequest(
        id=row["id"], tenant_id=row["tenant_id"], number=row["number"], name=row["name"],
        fields=json.loads(row["fields"]), note=row["note"], call_id=row["call_id"],
        preferred_ns=row["preferred_ns"], created_ns=row["created_ns"], status=CallbackStatus(row["status"]),
        attempts=row["attempts"], next_attempt_ns=row["next_attempt_ns"], closed_ns=row["closed_ns"],
        group_id=row["group_id"], origin_desk=row["origin_desk"],
    )


def floor_request(request: CallbackRequest) -> dict[str, object]:
    """What the floor receives for a request taken here (the desk adds its id)."""
    return {"id": request.id, "tenant_id": request.tenant_id, "group_id": request.group_id,
            "number": request.number, "name": request.name, "fields": dict(request.fields),
            "note": request.note, "call_id": request.call_id, "preferred_ns": request.preferred_ns,
            "created_ns": request.created_ns, "next_attempt_ns": request.next_attempt_ns}


class Callbacks:
    """Callback requests on one connection (one thread).

    ``on_enqueued`` is called after a request was committed to the outbox (give it the
    outbox worker's ``wake``).
    """

    def __init__(self, conn: sqlite3.Connection, *, policy: RetryPolicy | None = None,
                 on_enqueued: Callable[[], None] | None = None,
                 policy_of: Callable[[str], RetryPolicy] | None = None,
                 operator: tuple[str, str] = ("", "")) -> None:
        self.conn = conn
        self.policy = policy or RetryPolicy()
        self.policy_of = policy_of
        """The tenant's retry policy (None: :attr:`policy` for every tenant)."""
        self.on_enqueued = on_enqueued
        self.operator = operator
        """Name and group of the operator at this desk (stamped on requests and attempts)."""

    def _policy(self, tenant_id: str) -> RetryPolicy:
        return self.policy_of(tenant_id) if self.policy_of is not None else self.policy

    def submit(self, tenant_id: str, number: str, *, name: str = "", fields: Mapping[str, str] | None = None,
               note: str = "", call_id: str = "", preferred_ns: int | None = None, draft_key: str = "",
               request_id: str | None = None) -> CallbackRequest:
        """Take a callback request: store it, queue it for the CRM, delete its draft.

        Raises :class:`StorageError` when the database cannot take it (a full disk, a
        read-only or locked file): then nothing was stored and the draft is still there.
        """
        created = now_ns()
        request = CallbackRequest(
            id=request_id or new_id(), tenant_id=tenant_id, number=number, name=name,
            fields=dict(fields or {}), note=note, call_id=call_id, preferred_ns=preferred_ns,
            created_ns=created, next_attempt_ns=preferred_ns if preferred_ns is not None else created,
            group_id=self.operator[1],
        )
        try:
            with transaction(self.conn):
                self._insert(request)
                queue = OutboxQueue(self.conn)
                queue.enqueue(CALLBACK_KIND, tenant_id, request.payload(), item_id=request.id, at_ns=created)
                if queue.replicating(FLOOR):
                    queue.enqueue(CALLBACK_KIND, tenant_id, floor_request(request), at_ns=created,
                                  target=FLOOR, ref=request.id)
                if draft_key:
                    self.conn.execute("DELETE FROM drafts WHERE key = ?", (draft_key,))
        except sqlite3.Error as exc:
            raise StorageError(f"the database refused it: {exc}") from exc
        log.info("callback %s taken for tenant %s", request.id, tenant_id)
        if self.on_enqueued is not None:
            self.on_enqueued()
        return request

    def _insert(self, request: CallbackRequest) -> None:
        self.conn.execute(
            f"INSERT INTO callbacks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (request.id, request.tenant_id, request.number, request.name,
             json.dumps(dict(request.fields), ensure_ascii=False), request.note, request.call_id,
             request.preferred_ns, request.created_ns, request.status.value, request.attempts,
             request.next_attempt_ns, request.closed_ns, request.group_id, request.origin_desk),
        )

    def adopt(self, request: CallbackRequest) -> CallbackRequest:
        """Keep a callback claimed from the floor here, as the floor has it now (a request
        known here already is brought up to the floor's attempts and schedule)."""
        with transaction(self.conn):
            self._insert(request)
            self.conn.execute(
                "UPDATE callbacks SET attempts = MAX(attempts, ?), next_attempt_ns = ?, status = ?"
                " WHERE id = ? AND status = ?",
                (request.attempts, request.next_attempt_ns, request.status.value, request.id,
                 CallbackStatus.OPEN.value))
        found = self.get(request.id)
        assert found is not None
        return found

    def get(self, request_id: str) -> CallbackRequest | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM callbacks WHERE id = ?", (request_id,)).fetchone()
        return None if row is None else _request(row)

    def attempts(self, request_id: str) -> list[CallbackAttempt]:
        return [
            CallbackAttempt(r["seq"], r["at_ns"], AttemptOutcome(r["outcome"]), r["note"])
            for r in self.conn.execute(
                "SELECT seq, at_ns, outcome, note FROM callback_attempts WHERE callback = ? ORDER BY seq",
                (request_id,),
            )
        ]

    def record_attempt(self, request_id: str, outcome: AttemptOutcome, *, at_ns: int | None = None,
                       note: str = "", call_id: str = "") -> CallbackRequest:
        """Note one call-back attempt and schedule the next one (see the module docs)."""
        at_ns = now_ns() if at_ns is None else at_ns
        with transaction(self.conn):
            current = self.get(request_id)
            if current is None:
                raise StorageError(f"no callback request {request_id}")
            if current.status is not CallbackStatus.OPEN:
                raise StorageError(f"callback request {request_id} is already {current.status.value}")
            attempts = current.attempts + 1
            policy = self._policy(current.tenant_id)
            self.conn.execute(
                "INSERT INTO callback_attempts (callback, seq, at_ns, outcome, note) VALUES (?, ?, ?, ?, ?)",
                (request_id, attempts, at_ns, outcome.value, note),
            )
            self._to_floor(current, attempts, at_ns, outcome.value, note, policy, call_id)
            next_ns: int | None = None
            closed: int | None = at_ns
            if outcome is AttemptOutcome.DONE:
                status = CallbackStatus.DONE
            elif outcome is AttemptOutcome.WRONG_NUMBER:
                status = CallbackStatus.WRONG_NUMBER
            elif attempts >= policy.max_attempts:
                status = CallbackStatus.GAVE_UP
            else:
                status = CallbackStatus.OPEN
                next_ns = at_ns + int(policy.delay_s(outcome) * 1e9)
                closed = None
            self.conn.execute(
                "UPDATE callbacks SET status = ?, attempts = ?, next_attempt_ns = ?, closed_ns = ?"
                " WHERE id = ?",
                (status.value, attempts, next_ns, closed, request_id),
            )
        updated = self.get(request_id)
        assert updated is not None
        return updated

    def _to_floor(self, request: CallbackRequest, seq: int, at_ns: int, outcome: str, note: str,
                  policy: RetryPolicy, call_id: str = "") -> None:
        queue = OutboxQueue(self.conn)
        if not queue.replicating(FLOOR):
            return
        delay = 0.0 if outcome == "cancelled" else policy.delay_s(AttemptOutcome(outcome))
        queue.enqueue("attempt", request.tenant_id, {
            "callback_id": request.id, "seq": seq, "at_ns": at_ns, "outcome": outcome, "note": note,
            "call_id": call_id, "operator": self.operator[0], "retry_after_s": delay,
            "max_attempts": policy.max_attempts,
        }, at_ns=at_ns, target=FLOOR, ref=f"{request.id}:{seq}")

    def cancel(self, request_id: str) -> None:
        at = now_ns()
        with transaction(self.conn):
            current = self.get(request_id)
            changed = self.conn.execute(
                "UPDATE callbacks SET status = ?, next_attempt_ns = NULL, closed_ns = ?"
                " WHERE id = ? AND status = ?",
                (CallbackStatus.CANCELLED.value, at, request_id, CallbackStatus.OPEN.value),
            ).rowcount
            if changed and current is not None:
                # A cancellation is an attempt on the floor, numbered after this desk's last one.
                self._to_floor(current, current.attempts + 1, at, "cancelled", "",
                               self._policy(current.tenant_id))

    def due(self, tenant_id: str = "", at_ns: int | None = None, limit: int = 200) -> list[CallbackRequest]:
        """Open requests whose next attempt is due at ``at_ns`` (now), most overdue first."""
        at_ns = now_ns() if at_ns is None else at_ns
        sql = f"SELECT {_COLUMNS} FROM callbacks WHERE status = ? AND next_attempt_ns <= ?"
        args: list[object] = [CallbackStatus.OPEN.value, at_ns]
        if tenant_id:
            sql += " AND tenant_id = ?"
            args.append(tenant_id)
        sql += " ORDER BY next_attempt_ns, created_ns LIMIT ?"
        args.append(limit)
        return [_request(row) for row in self.conn.execute(sql, args)]

    def open_requests(self, tenant_id: str = "", limit: int = 1000) -> list[CallbackRequest]:
        """The whole work list: open requests, due or not, soonest first."""
        sql = f"SELECT {_COLUMNS} FROM callbacks WHERE status = ?"
        args: list[object] = [CallbackStatus.OPEN.value]
        if tenant_id:
            sql += " AND tenant_id = ?"
            args.append(tenant_id)
        sql += " ORDER BY next_attempt_ns, created_ns LIMIT ?"
        args.append(limit)
        return [_request(row) for row in self.conn.execute(sql, args)]

    def due_counts(self, at_ns: int | None = None) -> dict[str, int]:
        """Tenant id -> number of requests due now (for badges on the work list)."""
        at_ns = now_ns() if at_ns is None else at_ns
        rows = self.conn.execute(
            "SELECT tenant_id, COUNT(*) FROM callbacks WHERE status = ? AND next_attempt_ns <= ?"
            " GROUP BY tenant_id", (CallbackStatus.OPEN.value, at_ns),
        )
        return {tenant: int(n) for tenant, n in rows}
