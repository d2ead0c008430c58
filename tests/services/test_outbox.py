"""Delivering callbacks to a real HTTP server that fails, is slow, goes away, or outlives a kill -9."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from operator_desk.services.outbox import Backoff, OutboxWorker, WebhookConfig
from operator_desk.storage.callbacks import Callbacks
from operator_desk.storage.db import Database, now_ns
from operator_desk.storage.outbox import OutboxItem, OutboxQueue, OutboxState
from tests.conftest import wait_until

from .conftest import FakeCrm, MemoryKeyring

REPO = Path(__file__).resolve().parents[2]
TOKEN = "s3cr3t-token-value"
FAST = Backoff(base_s=0.02, factor=2.0, cap_s=0.2, jitter=0.5)


class HandClock:
    """The outbox's clock (ns since the epoch), moved by the test; it starts an hour ahead
    of the wall clock, so what the desk queued a moment ago is due on it."""

    def __init__(self) -> None:
        self.now = now_ns() + 3600 * 10**9

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture
def token(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    memory_keyring.set_password("operator-desk", "crm/taxi", TOKEN)
    return memory_keyring


def endpoint(crm: FakeCrm, **kw: object) -> WebhookConfig:
    settings: dict[str, object] = {"headers": {"Authorization": "Bearer {token}"}, "token_key": "crm/taxi",
                                   "timeout_s": 2.0}
    settings.update(kw)
    return WebhookConfig(crm.url("/hooks/{tenant}/callback"), **settings)  # type: ignore[arg-type]


class Desk:
    """The parts of the desk that take and deliver callbacks, on one database file."""

    def __init__(self, db: Database, crm: FakeCrm, *, backoff: Backoff = FAST, clock: HandClock | None = None,
                 **endpoint_kw: object) -> None:
        self.db = db
        self.changes: list[OutboxItem] = []
        self.worker = OutboxWorker(db, {"taxi": endpoint(crm, **endpoint_kw)}, backoff=backoff,
                                   on_state_changed=self.changes.append, clock=clock or now_ns)
        self.callbacks = Callbacks(db.conn, on_enqueued=self.worker.wake)
        self.queue = OutboxQueue(db.conn)

    def submit(self, n: int = 1) -> list[str]:
        return [self.callbacks.submit("taxi", f"+7495{i:07d}", name="Иван", note="перезвонить").id
                for i in range(n)]

    def state(self, item_id: str) -> OutboxState:
        item = self.queue.get(item_id)
        assert item is not None
        return item.state

    def states(self, item_id: str) -> list[OutboxState]:
        """Every state the worker reported for the item, in order."""
        return [c.state for c in self.changes if c.id == item_id]

    def all_delivered(self) -> bool:
        counts = self.queue.counts()
        return counts[OutboxState.DELIVERED] > 0 and sum(counts.values()) == counts[OutboxState.DELIVERED]


@pytest.fixture
def desk(db: Database, crm: FakeCrm, token: MemoryKeyring) -> Iterator[Desk]:
    d = Desk(db, crm)
    d.worker.start()
    yield d
    d.worker.stop()


def test_a_callback_is_delivered_at_once_with_its_idempotency_key(desk: Desk, crm: FakeCrm) -> None:
    started = time.monotonic()
    [request_id] = desk.submit()
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5, "delivery")
    assert time.monotonic() - started < 2.0  # woken by the submit, not by a timer
    assert list(crm.records) == [request_id]
    body = crm.records[request_id]
    assert (body["id"], body["tenant"], body["number"], body["name"]) == (
        request_id, "taxi", "+74950000000", "Иван")
    headers = crm.headers_seen[0]
    assert headers["Idempotency-Key"] == request_id
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    item = desk.queue.get(request_id)
    assert item is not None and item.http_status == 201 and item.attempts == 1 and item.delivered_ns
    states = [c.state for c in desk.changes if c.id == request_id]
    assert states == [OutboxState.DELIVERING, OutboxState.DELIVERED]


def test_500s_are_retried_until_delivered_once(desk: Desk, crm: FakeCrm) -> None:
    crm.fail_next = [500, 502, 503]
    [request_id] = desk.submit()
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 10, "delivery")
    assert crm.sent(request_id) == 4
    assert list(crm.records) == [request_id]
    assert desk.queue.get(request_id).attempts == 4  # type: ignore[union-attr]
    retried = [c for c in desk.changes if c.state is OutboxState.QUEUED]
    assert [c.last_error for c in retried] == ["HTTP 500", "HTTP 502", "HTTP 503"]


def test_a_timeout_is_retried_with_the_same_key_and_creates_no_duplicate(db: Database, crm: FakeCrm,
                                                                        token: MemoryKeyring) -> None:
    desk = Desk(db, crm, timeout_s=0.3)
    crm.delays = [1.0]  # the CRM takes the first request but answers too late
    desk.worker.start()
    try:
        [request_id] = desk.submit()
        wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 10, "delivery")
    finally:
        desk.worker.stop()
    assert crm.sent(request_id) == 2
    assert len(crm.records) == 1
    assert any(c.last_error == "timeout" for c in desk.changes)


@pytest.mark.parametrize("status", [408, 429])
def test_408_and_429_are_retried(desk: Desk, crm: FakeCrm, status: int) -> None:
    crm.fail_next = [status]
    [request_id] = desk.submit()
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 10, "delivery")
    assert crm.sent(request_id) == 2


@pytest.mark.parametrize("retry_after", ["60", "http-date"])
def test_retry_after_is_honoured(db: Database, crm: FakeCrm, token: MemoryKeyring, retry_after: str) -> None:
    clock = HandClock()
    desk = Desk(db, crm, backoff=Backoff(base_s=0.01, cap_s=300.0), clock=clock)
    crm.fail_next = [429]
    crm.retry_after = "60" if retry_after == "60" else formatdate(clock.now / 1e9 + 60, usegmt=True)
    desk.worker.start()
    try:
        [request_id] = desk.submit()
        wait_until(lambda: OutboxState.QUEUED in desk.states(request_id), 5, "the 429")
        queued = next(c for c in desk.changes if c.state is OutboxState.QUEUED)
        assert queued.updated_ns == clock.now
        waits = queued.next_attempt_ns - clock.now
        if retry_after == "60":
            assert waits == 60 * 10**9
        else:  # an HTTP date has whole seconds
            assert 59 * 10**9 <= waits <= 60 * 10**9
        assert desk.queue.next_due_ns() == queued.next_attempt_ns
        clock.now += 30 * 10**9  # half-way: nothing is due
        assert desk.queue.claim_due(10, clock.now) == []
        clock.now = queued.next_attempt_ns
        desk.worker.wake()
        wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5, "delivery")
    finally:
        desk.worker.stop()
    assert crm.sent(request_id) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_a_refusal_fails_permanently_with_the_reason_kept(desk: Desk, crm: FakeCrm, status: int) -> None:
    crm.status_always = status
    [request_id] = desk.submit()
    wait_until(lambda: OutboxState.FAILED in desk.states(request_id), 5, "failure")
    # not retried: no retry was scheduled, and nothing is left that will ever be due
    assert desk.states(request_id) == [OutboxState.DELIVERING, OutboxState.FAILED]
    assert desk.queue.next_due_ns() is None
    assert crm.sent(request_id) == 1
    item = desk.queue.get(request_id)
    assert item is not None
    assert item.http_status == status
    assert item.last_error == f"HTTP {status}: refused: {status}"
    # once the CRM is fixed, the operator (or support) sends it again
    crm.status_always = 0
    desk.queue.retry_failed(request_id)
    desk.worker.wake()
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5, "delivery")
    assert list(crm.records) == [request_id]


def test_a_tenant_without_endpoint_fails_with_a_reason(db: Database, crm: FakeCrm, token) -> None:
    worker = OutboxWorker(db, {}, backoff=FAST)
    worker.start()
    try:
        request = Callbacks(db.conn, on_enqueued=worker.wake).submit("bank", "+74951234567")
        queue = OutboxQueue(db.conn)
        wait_until(lambda: queue.get(request.id).state is OutboxState.FAILED, 5)  # type: ignore[union-attr]
        assert "no CRM endpoint configured for tenant bank" in queue.get(request.id).last_error  # type: ignore
    finally:
        worker.stop()


def test_a_missing_token_keeps_the_item_queued_until_it_is_there(db: Database, crm: FakeCrm,
                                                                  memory_keyring: MemoryKeyring) -> None:
    desk = Desk(db, crm)
    desk.worker.start()
    try:
        [request_id] = desk.submit()
        wait_until(lambda: any(c.last_error == "no CRM token in the keyring" for c in desk.changes), 5)
        assert desk.state(request_id) in (OutboxState.QUEUED, OutboxState.DELIVERING)
        assert crm.total_requests == 0
        memory_keyring.set_password("operator-desk", "crm/taxi", TOKEN)
        wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5, "delivery")
    finally:
        desk.worker.stop()


def test_an_outage_and_a_desk_restart_lose_nothing_and_duplicate_nothing(db_path: Path, crm: FakeCrm,
                                                                         token: MemoryKeyring) -> None:
    crm.down()
    db = Database.open(db_path)
    desk = Desk(db, crm)
    desk.worker.start()
    ids = desk.submit(20)
    # the CRM is away: items keep being retried (never given up) with back-off
    wait_until(lambda: min(i.attempts for i in desk.queue.items()) >= 3, 10, "retries")
    errors = {i.last_error for i in desk.queue.items()}
    assert errors <= {"no connection: ConnectError", ""}
    assert desk.queue.counts()[OutboxState.FAILED] == 0
    assert desk.queue.counts()[OutboxState.DELIVERED] == 0
    # the desk is closed and started again while the CRM is still away
    desk.worker.stop()
    db.close()
    db = Database.open(db_path)
    desk = Desk(db, crm)
    desk.worker.start()
    try:
        new = desk.submit(5)
        ids += new
        # the new desk tries them (and the old ones) while the CRM is still away
        wait_until(lambda: all(OutboxState.QUEUED in desk.states(i) for i in new), 10, "the new ones tried")
        assert {desk.queue.get(i).last_error for i in new} == {"no connection: ConnectError"}  # type: ignore
        assert desk.queue.counts()[OutboxState.DELIVERED] == 0
        crm.up()
        wait_until(desk.all_delivered, 15, "everything delivered")
    finally:
        desk.worker.stop()
        db.close()
    assert sorted(crm.records) == sorted(ids)
    assert len(set(crm.keys_seen)) == 25


def test_a_bug_in_the_worker_reaches_the_crash_hook_and_loses_nothing(
        desk: Desk, crm: FakeCrm, monkeypatch: pytest.MonkeyPatch) -> None:
    crashes: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", crashes.append)  # where the crash dialog listens
    real_claim = OutboxQueue.claim_due

    def claim_with_a_bug(queue: OutboxQueue, limit: int, at_ns: int | None = None,
                         target: str = "") -> list[OutboxItem]:
        raise AttributeError("'OutboxQueue' object has no attribute 'claim_al'")

    monkeypatch.setattr(OutboxQueue, "claim_due", claim_with_a_bug)
    [request_id] = desk.submit()
    wait_until(lambda: not desk.worker.running, 5, "the worker to stop")
    assert [type(c.exc_value) for c in crashes] == [AttributeError]
    assert crashes[0].thread is not None and crashes[0].thread.name == "outbox"
    assert desk.state(request_id) is OutboxState.QUEUED and crm.total_requests == 0  # kept, not sent
    monkeypatch.setattr(OutboxQueue, "claim_due", real_claim)
    desk.worker.start()  # the restarted desk delivers it
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5, "delivery")


def test_back_off_grows_to_the_cap_with_jitter() -> None:
    backoff = Backoff(base_s=2.0, factor=2.0, cap_s=300.0, jitter=0.5)
    rng = random.Random(1)
    for attempts, full in [(1, 2.0), (2, 4.0), (3, 8.0), (8, 256.0), (9, 300.0), (500, 300.0)]:
        delays = [backoff.delay_s(attempts, rng) for _ in range(200)]
        assert all(full * 0.5 <= d <= full for d in delays)
        assert max(delays) - min(delays) > full * 0.3  # jittered, not in step


def test_stop_is_prompt_and_unfinished_deliveries_are_sent_again(db_path: Path, crm: FakeCrm,
                                                                 token: MemoryKeyring) -> None:
    db = Database.open(db_path)
    desk = Desk(db, crm, timeout_s=10.0)
    desk.worker._stop_grace_s = 0.2
    crm.delays = [3.0] * 4
    desk.worker.start()
    ids = desk.submit(8)
    wait_until(lambda: crm.total_requests >= 4, 5, "requests in flight")
    started = time.monotonic()
    desk.worker.stop()
    assert time.monotonic() - started < 1.5
    assert not desk.worker.running
    counts = desk.queue.counts()
    assert counts[OutboxState.DELIVERING] == 0
    assert counts[OutboxState.QUEUED] == 8
    desk2 = Desk(db, crm)
    desk2.worker.start()
    try:
        wait_until(desk2.all_delivered, 10, "everything delivered")
    finally:
        desk2.worker.stop()
        db.close()
    assert sorted(crm.records) == sorted(ids)


def test_kill_9_in_the_middle_of_deliveries(db_path: Path, crm: FakeCrm) -> None:
    n = 40
    with Database.open(db_path) as db:
        ids = [Callbacks(db.conn).submit("taxi", f"+7495{i:07d}").id for i in range(n)]
    crm.delay_s = 0.4  # each request is taken at once and answered 0.4 s later
    url = crm.url("/hooks/taxi/callback")
    with subprocess.Popen([sys.executable, "-m", "tests.services.outbox_child", str(db_path), url],
                          cwd=REPO, stdout=subprocess.PIPE, text=True) as child:
        try:
            wait_until(lambda: crm.total_requests >= 10, 15, "deliveries under way")
            os.kill(child.pid, signal.SIGKILL)
            child.wait(10)
            seen_before_kill = set(crm.keys_seen)
        finally:
            if child.poll() is None:
                child.kill()
    assert child.returncode == -signal.SIGKILL
    crm.delay_s = 0.0
    with Database.open(db_path) as db:
        queue = OutboxQueue(db.conn)
        interrupted = [i.id for i in queue.items([OutboxState.DELIVERING])]
        # requests the CRM took (and recorded) but whose answer the killed desk never read
        taken = [i for i in interrupted if i in seen_before_kill]
        assert taken, "the kill should have hit requests in flight"
        assert queue.counts()[OutboxState.QUEUED] > 0
        # the desk starts again
        worker = OutboxWorker(db, {"taxi": WebhookConfig(url)}, backoff=FAST)
        worker.start()
        try:
            wait_until(lambda: queue.counts()[OutboxState.DELIVERED] == n, 15, "everything delivered")
        finally:
            worker.stop()
    assert sorted(crm.records) == sorted(ids)  # every callback exactly once at the CRM
    assert len(set(crm.keys_seen)) == n
    assert crm.total_requests > n  # the interrupted ones were sent again ...
    assert all(crm.sent(i) == 2 for i in taken)  # ... with the same key, and the CRM made no duplicate
    assert all(crm.sent(i) == 1 for i in ids if i not in interrupted)


def test_logs_carry_no_token_and_no_personal_data(db: Database, crm: FakeCrm, token: MemoryKeyring,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    desk = Desk(db, crm)
    crm.fail_next = [500, 400]
    desk.worker.start()
    try:
        ids = [desk.callbacks.submit("taxi", "+74959876543", name="Пётр Сидоров", note="адрес Ленина").id
               for _ in range(2)]
        wait_until(lambda: {desk.state(i) for i in ids} <= {OutboxState.DELIVERED, OutboxState.FAILED}, 5)
    finally:
        desk.worker.stop()
    # everything the desk logged (the fake CRM's own access log is not the desk's)
    desk_logs = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert "does not take deliveries" in desk_logs
    assert "failed permanently" in desk_logs
    for secret in (TOKEN, "9876543", "Пётр", "Ленина", "refused"):
        assert secret not in desk_logs


def test_the_state_sink_is_called_off_the_callers_thread(desk: Desk, crm: FakeCrm) -> None:
    threads: list[str] = []
    desk.worker._sink = lambda item: threads.append(threading.current_thread().name)
    [request_id] = desk.submit()
    wait_until(lambda: desk.state(request_id) is OutboxState.DELIVERED, 5)
    wait_until(lambda: len(threads) == 2, 2)
    assert threads == ["outbox", "outbox"]
