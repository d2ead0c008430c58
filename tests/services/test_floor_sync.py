"""The desk's records reach the floor through the outbox: exactly once, also across a floor
that stops mid-shift and comes back; the desk's state and its claims on the floor."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from operator_desk.core.calls import EndReason
from operator_desk.floor.link import FloorLink
from operator_desk.floor.sandbox import Sandbox
from operator_desk.services.floor_sync import FloorDesk, FloorEndpoint
from operator_desk.services.outbox import Backoff, OutboxWorker
from operator_desk.storage.alive import DeskIdentity
from operator_desk.storage.callbacks import AttemptOutcome, Callbacks
from operator_desk.storage.db import Database
from operator_desk.storage.outbox import FLOOR, OutboxQueue, OutboxState
from operator_desk.storage.records import CallRecords, Direction
from tests.floor_fixtures import Floor

S = 1_000_000_000


def wait_until(check: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what or check}"
        time.sleep(0.05)


@dataclass
class Desk:
    db: Database
    link: FloorLink
    floor_desk: FloorDesk
    worker: OutboxWorker
    records: CallRecords
    callbacks: Callbacks

    def call(self, call_id: str, at_s: float) -> None:
        self.records.start(call_id, Direction.INCOMING, int(at_s * S), tenant_id="taxi",
                           caller_number="+79161234567", ivr_digits="2", operator="Анна", group_id="sales")
        self.records.mark_answered(call_id, int((at_s + 3) * S))
        self.records.end(call_id, EndReason.REMOTE_HANGUP, int((at_s + 60) * S), talk_s=57.0)
        self.records.wrap_up(call_id, "order", "заказ принят")
        self.worker.wake()


@pytest.fixture
def make_desk(floor: Floor, tmp_path: Path) -> Iterator[Callable[..., Desk]]:
    made: list[Desk] = []

    def make(login: str = "desk1", name: str = "desk-a", **kwargs: Any) -> Desk:
        db = Database.open(tmp_path / name / "desk.sqlite3")
        OutboxQueue(db.conn).replicate_to(FLOOR)
        identity = DeskIdentity(name, "pc-1", "default")
        link = FloorLink(floor.url(login), channels=FloorDesk.CHANNELS, reconnect_min_s=0.1,
                         reconnect_max_s=0.5)
        desk = FloorDesk(link, identity, operator=("Анна", "sales"), **kwargs)
        worker = OutboxWorker(db, lambda _t: FloorEndpoint(link, db, identity), target=FLOOR,
                              concurrency=1, backoff=Backoff(base_s=0.05, cap_s=0.3))
        callbacks = Callbacks(db.conn, on_enqueued=worker.wake, operator=("Анна", "sales"))
        result = Desk(db, link, desk, worker, CallRecords(db.conn), callbacks)
        desk.start(worker)
        assert link.wait_up(10)
        made.append(result)
        return result

    yield make
    for desk in made:
        desk.floor_desk.close()
        desk.db.close()


def floor_count(floor: Floor, sql: str) -> int:
    with floor.admin() as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_records_reach_the_floor_complete_and_once(make_desk: Callable[..., Desk], floor: Floor) -> None:
    desk = make_desk()
    desk.call("c1", 1000)
    request = desk.callbacks.submit("taxi", "+79161234567", name="Иван")
    desk.callbacks.record_attempt(request.id, AttemptOutcome.NO_ANSWER)
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.callback_attempts") == 1)
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.calls WHERE wrapup_code <> ''") == 1)
    with floor.admin() as conn:
        row = conn.execute("SELECT desk_id, caller_number, ivr_digits, operator, group_id, outcome, talk_s,"
                           " note, extract(epoch FROM ended_at - ring_at) FROM floor.calls").fetchone()
        cb = conn.execute("SELECT desk_id, group_id, attempts, state, claimed_by"
                          " FROM floor.callbacks").fetchone()
    assert row == ("desk-a", "+79161234567", "2", "Анна", "sales", "answered", 57.0, "заказ принят", 60)
    assert cb == ("desk-a", "sales", 1, "open", None)


def test_the_floor_stopped_mid_shift_and_started_again_loses_and_doubles_nothing(
        make_desk: Callable[..., Desk], floor: Floor, pg_server: Sandbox) -> None:
    desk = make_desk()
    for n in range(10):
        desk.call(f"before-{n}", 1000 + n * 100)
    taken = [desk.callbacks.submit("taxi", f"+7916000000{n}") for n in range(3)]
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.calls WHERE wrapup_code <> ''") == 10)
    pg_server.stop()
    try:
        wait_until(lambda: not desk.link.up, what="the link to notice the stop")
        for n in range(15):
            desk.call(f"during-{n}", 5000 + n * 100)
        taken += [desk.callbacks.submit("taxi", f"+7916111111{n}") for n in range(3)]
        for request in taken[:2]:
            desk.callbacks.record_attempt(request.id, AttemptOutcome.BUSY)
        time.sleep(0.5)  # the worker tries, fails, backs off
        queue = OutboxQueue(desk.db.connect())
        assert queue.counts(FLOOR)[OutboxState.QUEUED] > 0
    finally:
        pg_server.restart_stopped()
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.calls WHERE wrapup_code <> ''") == 25,
               what="the shift's calls to catch up")
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.callback_attempts") == 2)
    assert floor_count(floor, "SELECT count(*) FROM floor.calls") == 25
    assert floor_count(floor, "SELECT count(*) FROM floor.callbacks") == 6
    assert floor_count(floor, "SELECT sum(attempts) FROM floor.callbacks") == 2
    assert queue.counts(FLOOR)[OutboxState.FAILED] == 0
    wait_until(lambda: queue.counts(FLOOR)[OutboxState.QUEUED] == 0)
    queue.conn.close()


def test_a_callback_taken_on_one_desk_reaches_the_others_at_once(make_desk: Callable[..., Desk]) -> None:
    seen: list[dict[str, Any]] = []
    other = make_desk("desk2", "desk-b", on_callbacks_changed=seen.append)
    desk = make_desk()
    started = time.monotonic()
    request = desk.callbacks.submit("taxi", "+79161234567", name="Иван")
    wait_until(lambda: any(s.get("id") == request.id for s in seen), timeout=5)
    assert time.monotonic() - started < 1.0
    got: list[Any] = []
    other.floor_desk.claim_next(["taxi"], lambda result, error: got.append(result or error))
    wait_until(lambda: bool(got))
    assert got[0].id == request.id and got[0].claimed_by == "desk-b"
    assert other.floor_desk.held == {request.id}


def test_the_desk_publishes_its_state_and_signs_off(make_desk: Callable[..., Desk], floor: Floor) -> None:
    desk = make_desk()
    desk.floor_desk.publish("on_call", tenant_id="taxi", seconds_in_state=12)
    wait_until(lambda: floor_count(floor, "SELECT count(*) FROM floor.agents WHERE state = 'on_call'") == 1)
    with floor.admin() as conn:
        age = conn.execute("SELECT extract(epoch FROM now() - since) FROM floor.agents").fetchone()[0]
    assert 11 <= float(age) < 20
    desk.floor_desk.close()
    assert floor_count(floor, "SELECT count(*) FROM floor.agents WHERE state = 'offline'") == 1
