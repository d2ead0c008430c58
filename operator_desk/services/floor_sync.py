"""The desk on the call floor: its records delivered there, its state published, its claims.

The floor database is one more receiver of the desk's outbox (:mod:`operator_desk.services.outbox`):
items of target ``floor`` -- each call record as it changes, each callback request taken
here, each attempt -- are delivered by an :class:`~operator_desk.services.outbox.OutboxWorker`
whose endpoint is :class:`FloorEndpoint`. So the floor gets them exactly once (idempotent
keys: the desk and Call-ID with the record's revision, the request's UUID, the desk,
callback and attempt number) and when it is reachable: a desk that worked a whole shift
without the floor catches up when it returns (:class:`FloorDesk` makes the queued items
due at once when the link comes back, instead of waiting out their back-off).

:class:`FloorDesk` is the desk's presence there, over the one connection of a
:class:`~operator_desk.floor.link.FloorLink`: its agent row (state published on every
change, a heartbeat every 5 s renewing the leases of the callbacks it works on), the
shared callback queue (claim the next due one, claim a chosen one, release), and the
notifications that a callback appeared or changed. Results reach the caller through
plain callables, on the link thread (the GUI passes its signals' ``emit``).

    link = FloorLink(url, password, channels=FloorDesk.CHANNELS)
    desk = FloorDesk(link, identity, operator=("Анна", "sales"), on_callbacks_changed=...)
    worker = OutboxWorker(db, lambda _t: FloorEndpoint(link, db, identity), target=FLOOR,
                          concurrency=1)
    desk.start(worker)
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from operator_desk.floor.agents import HEARTBEAT_S, beat, publish, sign_off
from operator_desk.floor.callbacks import (
    LEASE_S,
    FloorCallback,
    add_attempt,
    add_callback,
    callback_list,
    claim,
    claim_next,
    release,
)
from operator_desk.floor.connection import FloorError, FloorRefused
from operator_desk.floor.link import FloorLink
from operator_desk.floor.records import upsert_call
from operator_desk.services.outbox import Delivery
from operator_desk.storage.alive import DeskIdentity
from operator_desk.storage.callbacks import CallbackRequest, CallbackStatus
from operator_desk.storage.db import Database, now_ns
from operator_desk.storage.outbox import FLOOR, OutboxItem, OutboxQueue

__all__ = ["FloorDesk", "FloorEndpoint", "build_floor", "call_row", "password_for", "to_request"]

log = logging.getLogger(__name__)

DELIVERY_TIMEOUT_S = 20.0
PURGE_AFTER_NS = 7 * 86_400 * 10**9
"""Delivered floor items are forgotten after a week (the floor has them)."""


def _at(ns: int | None) -> datetime | None:
    return None if ns is None else datetime.fromtimestamp(ns / 1e9, UTC)


def _ns(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1e9)


def call_row(desk_id: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The floor's copy of a row of the desk's ``calls`` table."""
    return {
        "desk_id": desk_id, "call_id": row["call_id"], "rev": row["rev"], "direction": row["direction"],
        "tenant_id": row["tenant_id"], "dialed_number": row["dialed_number"],
        "caller_number": row["caller_number"], "caller_name": row["caller_name"],
        "ivr_digits": row["ivr_digits"], "ivr_data": row["ivr_data"], "operator": row["operator"],
        "group_id": row["group_id"], "ring_at": _at(row["started_ns"]),
        "answered_at": _at(row["answered_ns"]),
        "ended_at": _at(row["ended_ns"]), "outcome": row["outcome"], "end_reason": row["end_reason"],
        "sip_code": row["sip_code"], "talk_s": row["talk_s"], "transferred_to": row["transferred_to"],
        "not_ready_reason": row["not_ready_reason"], "wrapup_code": row["wrapup_code"], "note": row["note"],
        "wrapup_at": _at(row["wrapup_ns"]), "consult_for": row["consult_for"],
        "library_version": row["library_version"],
    }


def to_request(callback: FloorCallback) -> CallbackRequest:
    """A floor callback as the desk's own request type (to adopt it, show it, dial it)."""
    return CallbackRequest(
        id=callback.id, tenant_id=callback.tenant_id, number=callback.number, name=callback.name,
        fields=dict(callback.fields), note=callback.note, call_id=callback.call_id,
        preferred_ns=_ns(callback.preferred_at), created_ns=_ns(callback.created_at) or 0,
        status=CallbackStatus(callback.state) if callback.state in CallbackStatus._value2member_map_
        else CallbackStatus.OPEN,
        attempts=callback.attempts, next_attempt_ns=_ns(callback.next_attempt_at),
        closed_ns=_ns(callback.closed_at), group_id=callback.group_id, origin_desk=callback.desk_id,
    )


class FloorEndpoint:
    """Delivers the outbox's ``floor`` items over the link (called on outbox sender threads)."""

    def __init__(self, link: FloorLink, db: Database, identity: DeskIdentity) -> None:
        self.link = link
        self.db = db
        self.identity = identity
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self.db.connect()
        return conn

    def deliver(self, item: OutboxItem, client: object = None) -> Delivery:
        if not self.link.up:
            why = self.link.last_error or "connecting"
            return Delivery(False, False, 0, f"the floor is unreachable: {why}")
        desk = self.identity.desk_id
        if item.kind == "call":
            row = self._conn().execute("SELECT * FROM calls WHERE call_id = ?", (item.ref,)).fetchone()
            if row is None:
                return Delivery(True, False, 0, "no such call here any more")
            record = call_row(desk, row)
            job: Callable[[Any], bool] = lambda conn: upsert_call(conn, record)  # noqa: E731
        elif item.kind == "callback":
            p = item.payload
            request = {**p, "desk_id": desk, "preferred_at": _at(p.get("preferred_ns")),
                       "created_at": _at(p["created_ns"]),
                       "next_attempt_at": _at(p.get("next_attempt_ns") or p["created_ns"])}
            job = lambda conn: add_callback(conn, request)  # noqa: E731
        elif item.kind == "attempt":
            attempt = {**item.payload, "desk_id": desk, "at": _at(item.payload["at_ns"])}
            job = lambda conn: add_attempt(conn, attempt)  # noqa: E731
        else:
            return Delivery(False, True, 0, f"the floor takes call records, callbacks and attempts, "
                                            f"not {item.kind!r} items")
        try:
            changed = self.link.call(job, DELIVERY_TIMEOUT_S)
        except FloorRefused as exc:
            return Delivery(False, True, 0, str(exc))
        except (FloorError, TimeoutError) as exc:
            return Delivery(False, False, 0, str(exc) or "timeout")
        return Delivery(True, False, 0, "stored" if changed else "already there")


Done = Callable[[Any, str], None]
"""Receives ``(result, error)``: the result, or None and why it failed."""


class FloorDesk:
    """This desk's presence on the floor (see the module docs)."""

    CHANNELS = ("floor_callbacks",)

    def __init__(self, link: FloorLink, identity: DeskIdentity, *, operator: tuple[str, str] = ("", ""),
                 version: str = "", lease_s: float = LEASE_S, heartbeat_s: float = HEARTBEAT_S,
                 on_callbacks_changed: Callable[[Mapping[str, Any]], None] | None = None,
                 on_link_changed: Callable[[bool, str], None] | None = None) -> None:
        self.link = link
        self.identity = identity
        self.operator = operator
        self.version = version
        self.lease_s = lease_s
        self.heartbeat_s = heartbeat_s
        self.on_callbacks_changed = on_callbacks_changed
        self.on_link_changed = on_link_changed
        self._state: dict[str, Any] = {"state": "not_ready", "reason": "", "tenant_id": "", "since_mono": 0.0}
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self.worker: Any = None
        link.handle(on_notify=self._on_notify, on_up=self._on_up, on_down=self._on_down)

    # -- life --------------------------------------------------------------------------

    def start(self, worker: Any = None) -> None:
        """Connect (in the background) and start delivering through ``worker`` (the floor's
        OutboxWorker; default: the one :func:`build_floor` made), after forgetting week-old
        delivered items."""
        self.worker = worker = worker or self.worker
        if worker is not None:
            conn = worker.db.connect()
            try:
                OutboxQueue(conn).conn.execute(
                    "DELETE FROM outbox WHERE target = ? AND state = 'delivered' AND delivered_ns < ?",
                    (FLOOR, now_ns() - PURGE_AFTER_NS))
            finally:
                conn.close()
            worker.start()
        self.link.every(self.heartbeat_s, self._beat)
        self.link.start()

    def close(self, timeout: float = 3.0) -> None:
        """Sign off (offline at once, claims back to the queue) and disconnect."""
        if self.worker is not None:
            self.worker.stop()
        desk = self.identity.desk_id
        self.link.stop(timeout, last=lambda conn: sign_off(conn, desk))

    def _on_up(self, conn: Any) -> None:
        try:
            self._publish_job()(conn)
        except Exception as exc:  # the next beat or change tries again
            log.info("floor: could not publish the agent state: %s", exc)
        if self.worker is not None:
            conn = self.worker.db.connect()
            try:
                waiting = OutboxQueue(conn).retry_now(FLOOR)
            finally:
                conn.close()
            if waiting:
                log.info("floor: reachable again; sending %d waiting item(s) now", waiting)
            self.worker.wake()
        if self.on_link_changed is not None:
            self.on_link_changed(True, "")

    def _on_down(self, why: str) -> None:
        if self.on_link_changed is not None:
            self.on_link_changed(False, why)

    def _on_notify(self, channel: str, payload: str) -> None:
        if channel == "floor_callbacks" and self.on_callbacks_changed is not None:
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            self.on_callbacks_changed(data)

    # -- agent state ------------------------------------------------------------------

    def publish(self, state: str, reason: str = "", tenant_id: str = "",
                seconds_in_state: float = 0.0) -> None:
        """The operator's state changed (any thread; sent at once when the floor is up, and
        again whenever the link comes back)."""
        with self._lock:
            self._state = {"state": state, "reason": reason, "tenant_id": tenant_id,
                           "since_mono": time.monotonic() - seconds_in_state}
        if self.link.up:
            self.link.submit(self._publish_job())

    def _publish_job(self) -> Callable[[Any], None]:
        with self._lock:
            state = dict(self._state)
        name, group = self.operator
        identity = self.identity

        def job(conn: Any) -> None:
            publish(conn, identity.desk_id, operator=name, group_id=group, host=identity.host,
                    profile=identity.profile, state=state["state"], reason=state["reason"],
                    tenant_id=state["tenant_id"], seconds_in_state=time.monotonic() - state["since_mono"],
                    desk_version=self.version)
        return job

    def _beat(self, conn: Any) -> None:
        with self._lock:
            held = sorted(self._held)
        still = beat(conn, self.identity.desk_id, held, self.lease_s)
        lost = set(held) - set(still)
        if lost:
            with self._lock:
                self._held -= lost
            log.warning("floor: %d claim(s) of this desk ran out", len(lost))

    # -- the callback queue ------------------------------------------------------------

    @property
    def held(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._held)

    def _submit(self, job: Callable[[Any], Any], done: Done | None) -> None:
        future = self.link.submit(job)
        if done is None:
            return

        def finished(f: Any) -> None:
            try:
                done(f.result(), "")
            except Exception as exc:
                done(None, str(exc))
        future.add_done_callback(finished)

    def _held_result(self, result: FloorCallback | None) -> FloorCallback | None:
        if result is not None:
            with self._lock:
                self._held.add(result.id)
        return result

    def claim_next(self, tenants: Sequence[str], done: Done) -> None:
        """Claim the next due callback of these tenants (and this desk's group)."""
        desk, group, lease = self.identity.desk_id, self.operator[1], self.lease_s
        self._submit(lambda conn: self._held_result(
            claim_next(conn, desk, list(tenants), group_id=group, lease_s=lease)), done)

    def claim(self, callback_id: str, done: Done) -> None:
        """Claim the callback the operator chose; ``None`` when another desk holds it."""
        desk, lease = self.identity.desk_id, self.lease_s
        self._submit(lambda conn: self._held_result(claim(conn, desk, callback_id, lease_s=lease)), done)

    def release(self, callback_id: str) -> None:
        """Give back a claim without an attempt (the operator did not call after all)."""
        with self._lock:
            self._held.discard(callback_id)
        desk = self.identity.desk_id
        if self.link.up:
            self._submit(lambda conn: release(conn, desk, callback_id), None)

    def finished(self, callback_id: str) -> None:
        """The attempt is recorded (it reaches the floor through the outbox and ends the
        claim there): stop renewing the lease."""
        with self._lock:
            self._held.discard(callback_id)

    def callbacks(self, tenants: Sequence[str] | None, done: Done, *, due_only: bool = False) -> None:
        """The floor's open callbacks of these tenants (and this desk's group)."""
        group = self.operator[1]
        self._submit(lambda conn: callback_list(conn, tenants, group_id=group, due_only=due_only), done)


BACKFILL_NS = 30 * 86_400 * 10**9
"""A desk joining a floor sends its calls of the last 30 days."""


def password_for(url: str) -> str | None:
    """The floor password of this URL's login in the OS keyring (``floor/<login>@<host>``);
    None when the URL has one or the keyring has none (libpq then looks in PGPASSWORD and
    ~/.pgpass, or the server uses peer or certificate authentication)."""
    from urllib.parse import urlsplit

    from operator_desk.floor.connection import secret_name
    from operator_desk.services.secrets import SecretStore

    if urlsplit(url).password:
        return None
    return SecretStore().get(secret_name(url))


def build_floor(db: Database, url: str, profile: str, operator: tuple[str, str], version: str,
                password: str | None = None) -> FloorDesk | None:
    """The desk's floor presence and the outbox worker that feeds the floor, for ``[floor]
    database = url`` (not started); None without a floor: then no record is queued for one."""
    from operator_desk.floor.connection import check_url, safe_url
    from operator_desk.services.outbox import OutboxWorker
    from operator_desk.storage.alive import desk_identity

    queue = OutboxQueue(db.conn)
    if not url:
        queue.stop_replicating(FLOOR)
        return None
    problems = check_url(url)
    if problems:
        log.error("floor.database %s: %s; the desk works without the floor", safe_url(url), problems[0])
        return None
    identity = desk_identity(db.path.parent, profile)
    password = password if password is not None else password_for(url)
    queued = queue.replicate_to(FLOOR, backfill_since_ns=now_ns() - BACKFILL_NS)
    if queued:
        log.info("floor: this desk joins the floor; %d call record(s) of the last 30 days queued", queued)
    link = FloorLink(url, password, application_name=f"operator-desk {identity.host}/{profile}",
                     channels=FloorDesk.CHANNELS)
    desk = FloorDesk(link, identity, operator=operator, version=version)
    desk.worker = OutboxWorker(db, lambda _tenant: FloorEndpoint(link, db, identity), target=FLOOR,
                               concurrency=1)
    return desk
