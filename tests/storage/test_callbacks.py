"""Callback requests: taken atomically with their outbox item; the work list of attempts."""

from __future__ import annotations

import pytest

from operator_desk.storage.callbacks import (
    AttemptOutcome,
    Callbacks,
    CallbackStatus,
    RetryPolicy,
)
from operator_desk.storage.db import Database, StorageError
from operator_desk.storage.drafts import Drafts
from operator_desk.storage.outbox import OutboxQueue, OutboxState

S = 1_000_000_000
MIN = 60 * S


@pytest.fixture
def callbacks(db: Database) -> Callbacks:
    return Callbacks(db.conn, policy=RetryPolicy(no_answer_delay_s=1800, busy_delay_s=600, max_attempts=3))


def test_submit_stores_the_request_queues_it_and_drops_the_draft(db: Database, callbacks: Callbacks) -> None:
    woken: list[int] = []
    callbacks.on_enqueued = lambda: woken.append(1)
    Drafts(db.conn).save("callback:c1", {"name": "Ив"})
    request = callbacks.submit("taxi", "+74951234567", name="Иван", fields={"address": "Ленина, 1"},
                               note="после обеда", call_id="c1", draft_key="callback:c1")
    assert callbacks.get(request.id) == request
    item = OutboxQueue(db.conn).get(request.id)
    assert item is not None and item.state is OutboxState.QUEUED and item.kind == "callback"
    assert item.payload["number"] == "+74951234567"
    assert item.payload["fields"] == {"address": "Ленина, 1"}
    assert item.payload["id"] == request.id
    assert Drafts(db.conn).load("callback:c1") is None
    assert woken == [1]


def test_a_failed_submit_leaves_nothing_behind(db: Database, callbacks: Callbacks) -> None:
    first = callbacks.submit("taxi", "+74951234567")
    Drafts(db.conn).save("callback:c2", {"name": "x"})
    with pytest.raises(StorageError, match="UNIQUE"):
        callbacks.submit("taxi", "+74950000000", request_id=first.id, draft_key="callback:c2")
    assert OutboxQueue(db.conn).counts()[OutboxState.QUEUED] == 1
    assert Drafts(db.conn).load("callback:c2") is not None


def test_a_database_that_takes_no_writes_is_a_storage_error_and_keeps_the_draft(
        db: Database, callbacks: Callbacks) -> None:
    Drafts(db.conn).save("callback:c3", {"name": "Ив"})
    db.conn.execute("PRAGMA query_only = ON")  # as a read-only or full disk refuses writes
    try:
        with pytest.raises(StorageError, match="the database refused it: attempt to write a readonly"):
            callbacks.submit("taxi", "+74951234567", draft_key="callback:c3")
    finally:
        db.conn.execute("PRAGMA query_only = OFF")
    assert OutboxQueue(db.conn).counts()[OutboxState.QUEUED] == 0
    draft = Drafts(db.conn).load("callback:c3")
    assert draft is not None and draft.data == {"name": "Ив"}


def test_new_request_is_due_at_once_or_at_the_preferred_time(callbacks: Callbacks) -> None:
    now = callbacks.submit("taxi", "+74951111111")
    later = callbacks.submit("taxi", "+74952222222", preferred_ns=now.created_ns + 60 * MIN)
    assert [r.id for r in callbacks.due("taxi", at_ns=now.created_ns + S)] == [now.id]
    assert [r.id for r in callbacks.due("taxi", at_ns=now.created_ns + 61 * MIN)] == [now.id, later.id]
    assert [r.id for r in callbacks.open_requests("taxi")] == [now.id, later.id]


def test_due_list_is_per_tenant(callbacks: Callbacks) -> None:
    a = callbacks.submit("taxi", "+74951111111")
    b = callbacks.submit("bank", "+74952222222")
    at = b.created_ns + S
    assert [r.id for r in callbacks.due("taxi", at_ns=at)] == [a.id]
    assert [r.id for r in callbacks.due("bank", at_ns=at)] == [b.id]
    assert {r.id for r in callbacks.due(at_ns=at)} == {a.id, b.id}
    assert callbacks.due_counts(at) == {"taxi": 1, "bank": 1}


def test_no_answer_and_busy_schedule_the_next_attempt(callbacks: Callbacks) -> None:
    request = callbacks.submit("taxi", "+74951111111")
    t = request.created_ns + MIN
    after = callbacks.record_attempt(request.id, AttemptOutcome.NO_ANSWER, at_ns=t)
    assert (after.status, after.attempts, after.next_attempt_ns) == (CallbackStatus.OPEN, 1, t + 30 * MIN)
    assert callbacks.due("taxi", at_ns=t + 29 * MIN) == []
    assert [r.id for r in callbacks.due("taxi", at_ns=t + 30 * MIN)] == [request.id]
    after = callbacks.record_attempt(request.id, AttemptOutcome.BUSY, at_ns=t + 31 * MIN, note="занято")
    assert after.next_attempt_ns == t + 41 * MIN
    attempts = callbacks.attempts(request.id)
    assert [(a.seq, a.outcome, a.note) for a in attempts] == [
        (1, AttemptOutcome.NO_ANSWER, ""), (2, AttemptOutcome.BUSY, "занято")]


def test_gave_up_after_max_attempts(callbacks: Callbacks) -> None:
    request = callbacks.submit("taxi", "+74951111111")
    for _ in range(2):
        callbacks.record_attempt(request.id, AttemptOutcome.NO_ANSWER)
    final = callbacks.record_attempt(request.id, AttemptOutcome.NO_ANSWER)
    assert final.status is CallbackStatus.GAVE_UP and final.next_attempt_ns is None
    assert final.closed_ns is not None
    assert callbacks.due("taxi", at_ns=final.closed_ns + 1000 * MIN) == []


@pytest.mark.parametrize(("outcome", "status"), [
    (AttemptOutcome.DONE, CallbackStatus.DONE),
    (AttemptOutcome.WRONG_NUMBER, CallbackStatus.WRONG_NUMBER),
])
def test_done_or_wrong_number_closes_the_request(callbacks: Callbacks, outcome, status) -> None:
    request = callbacks.submit("taxi", "+74951111111")
    closed = callbacks.record_attempt(request.id, outcome)
    assert closed.status is status and closed.next_attempt_ns is None
    assert callbacks.open_requests() == []
    with pytest.raises(StorageError, match="already"):
        callbacks.record_attempt(request.id, AttemptOutcome.NO_ANSWER)


def test_unknown_request(callbacks: Callbacks) -> None:
    with pytest.raises(StorageError, match="no callback request"):
        callbacks.record_attempt("nope", AttemptOutcome.DONE)


def test_cancel(callbacks: Callbacks) -> None:
    request = callbacks.submit("taxi", "+74951111111")
    callbacks.cancel(request.id)
    assert callbacks.get(request.id).status is CallbackStatus.CANCELLED  # type: ignore[union-attr]
    assert callbacks.open_requests() == []
