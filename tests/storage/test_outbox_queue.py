"""The outbox table: states, claiming, and what a crash leaves behind."""

from __future__ import annotations

from operator_desk.storage.db import Database
from operator_desk.storage.outbox import OutboxQueue, OutboxState

S = 1_000_000_000


def test_claim_marks_delivering_in_the_database(db: Database, db_path) -> None:
    queue = OutboxQueue(db.conn)
    a = queue.enqueue("callback", "taxi", {"n": 1}, at_ns=1 * S)
    b = queue.enqueue("callback", "taxi", {"n": 2}, at_ns=2 * S)
    queue.enqueue("callback", "taxi", {"n": 3}, at_ns=100 * S)
    claimed = queue.claim_due(5, at_ns=50 * S)
    assert [i.id for i in claimed] == [a.id, b.id]
    assert all(i.state is OutboxState.DELIVERING and i.attempts == 1 for i in claimed)
    # committed: another connection sees it
    with Database.open(db_path) as other:
        assert OutboxQueue(other.conn).counts()[OutboxState.DELIVERING] == 2
    assert queue.claim_due(5, at_ns=50 * S) == []


def test_results(db: Database) -> None:
    queue = OutboxQueue(db.conn)
    ok, retry, bad = (queue.enqueue("callback", "taxi", {"n": n}, at_ns=0) for n in range(3))
    queue.claim_due(3, at_ns=S)
    queue.mark_delivered(ok.id, 201)
    queue.mark_retry(retry.id, 99 * S, "HTTP 503", 503)
    queue.mark_failed(bad.id, "HTTP 400: bad phone", 400)
    assert queue.get(ok.id).state is OutboxState.DELIVERED  # type: ignore[union-attr]
    r = queue.get(retry.id)
    assert r is not None
    assert (r.state, r.next_attempt_ns, r.last_error) == (OutboxState.QUEUED, 99 * S, "HTTP 503")
    f = queue.get(bad.id)
    assert f is not None
    assert (f.state, f.http_status, f.last_error) == (OutboxState.FAILED, 400, "HTTP 400: bad phone")
    assert queue.next_due_ns() == 99 * S
    assert [i.id for i in queue.items([OutboxState.FAILED])] == [bad.id]
    assert queue.retry_failed() == 1
    assert queue.get(bad.id).state is OutboxState.QUEUED  # type: ignore[union-attr]
    # a late result for an item no longer delivering changes nothing
    queue.mark_delivered(retry.id, 200)
    assert queue.get(retry.id).state is OutboxState.QUEUED  # type: ignore[union-attr]


def test_interrupted_deliveries_are_queued_again_with_the_same_id(db: Database) -> None:
    queue = OutboxQueue(db.conn)
    item = queue.enqueue("callback", "taxi", {"n": 1}, at_ns=0)
    queue.claim_due(1, at_ns=S)
    assert queue.requeue_interrupted() == [item.id]
    again = queue.get(item.id)
    assert again is not None and again.state is OutboxState.QUEUED and again.attempts == 1
    assert queue.claim_due(1)[0].id == item.id


def test_retry_now_and_purge(db: Database) -> None:
    queue = OutboxQueue(db.conn)
    later = queue.enqueue("callback", "taxi", {}, at_ns=0)
    queue.claim_due(1, at_ns=S)
    queue.mark_retry(later.id, 2**62, "timeout")
    assert queue.claim_due(1) == []
    assert queue.retry_now() == 1
    claimed = queue.claim_due(1)
    assert [i.id for i in claimed] == [later.id]
    queue.mark_delivered(later.id, 200, at_ns=5 * S)
    assert queue.purge_delivered(older_than_ns=6 * S) == 1
    assert queue.get(later.id) is None
