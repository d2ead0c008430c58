"""Schema 3 on an older database file: the floor's columns and outbox targets, the call a
crash left open closed as interrupted, and every change of a record queued for the floor."""

from __future__ import annotations

from pathlib import Path

from operator_desk.core.calls import EndReason
from operator_desk.storage.alive import LastAlive, desk_identity
from operator_desk.storage.db import MIGRATIONS, SCHEMA_VERSION, Database
from operator_desk.storage.outbox import FLOOR, OutboxQueue, OutboxState
from operator_desk.storage.records import CallOutcome, CallRecords, Direction

S = 1_000_000_000


def test_a_version_2_file_is_migrated_and_keeps_its_calls_and_outbox(db_path: Path) -> None:
    with Database.open(db_path, migrations=MIGRATIONS[:2]) as old:
        old.conn.execute("INSERT INTO calls (call_id, direction, tenant_id, started_ns, outcome)"
                         " VALUES ('old-1', 'in', 'taxi', 5, 'answered')")
        old.conn.execute(
            "INSERT INTO outbox (id, kind, tenant_id, payload, state, created_ns, next_attempt_ns,"
            " updated_ns) VALUES ('i1', 'callback', 'taxi', '{}', 'queued', 1, 1, 1)")
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == 2
    with Database.open(db_path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        record = CallRecords(db.conn).get("old-1")
        assert record is not None and record.outcome is CallOutcome.ANSWERED
        assert (record.ivr_digits, record.operator, record.group_id) == ("", "", "")
        [item] = OutboxQueue(db.conn).items()
        assert (item.id, item.target) == ("i1", "")
        assert OutboxQueue(db.conn).claim_due(10, target=FLOOR) == []


def test_ivr_input_and_the_operator_are_kept_with_the_call(db: Database) -> None:
    records = CallRecords(db.conn)
    records.start("c1", Direction.INCOMING, 10 * S, tenant_id="bank", ivr_digits="4521",
                  ivr_data="menu=2;card_last4=4521", operator="Анна", group_id="support")
    got = records.get("c1")
    assert got is not None
    assert (got.ivr_digits, got.ivr_data, got.operator, got.group_id) == (
        "4521", "menu=2;card_last4=4521", "Анна", "support")


def test_a_call_left_ongoing_by_a_crash_is_closed_at_the_last_moment_alive(db: Database) -> None:
    records = CallRecords(db.conn)
    records.start("talking", Direction.INCOMING, 100 * S)
    records.mark_answered("talking", 103 * S)
    records.start("ringing", Direction.INCOMING, 130 * S)
    records.start("done", Direction.INCOMING, 90 * S)
    records.end("done", EndReason.REMOTE_HANGUP, 95 * S)
    alive = LastAlive(db.conn)
    assert alive.last() is None
    alive.stamp(125 * S)  # the last stamp before the kill; "ringing" began after it
    assert records.close_interrupted(alive.last()) == 2
    talking, ringing, done = (records.get(c) for c in ("talking", "ringing", "done"))
    assert talking and ringing and done
    assert (talking.outcome, talking.ended_ns, talking.talk_s) == (CallOutcome.INTERRUPTED, 125 * S, 22.0)
    assert (ringing.outcome, ringing.ended_ns) == (CallOutcome.INTERRUPTED, 130 * S)
    assert done.outcome is not CallOutcome.INTERRUPTED
    assert records.close_interrupted(alive.last()) == 0  # once


def test_while_replicating_each_change_queues_the_record_for_the_floor_once(db: Database) -> None:
    records, queue = CallRecords(db.conn), OutboxQueue(db.conn)
    records.start("before", Direction.INCOMING, 1 * S)
    assert queue.items() == []
    assert queue.replicate_to(FLOOR, backfill_since_ns=0) == 1  # the calls already there
    assert queue.replicate_to(FLOOR, backfill_since_ns=0) == 0
    records.start("c1", Direction.INCOMING, 10 * S, tenant_id="taxi")
    records.mark_answered("c1", 12 * S)
    records.end("c1", EndReason.REMOTE_HANGUP, 20 * S)
    floor = [i for i in queue.items() if i.target == FLOOR]
    assert sorted(i.ref for i in floor) == ["before", "c1"]  # three changes, one queued item
    assert len(queue.claim_due(10, target=FLOOR, at_ns=2**62)) == 2
    records.wrap_up("c1", "order", "заказ")  # changed while being delivered: queued again
    queued = [i.ref for i in queue.items([OutboxState.QUEUED]) if i.target == FLOOR]
    assert queued == ["c1"]
    rev = db.conn.execute("SELECT rev FROM calls WHERE call_id = 'c1'").fetchone()[0]
    assert rev == 3


def test_the_desk_id_is_stable_per_profile_folder(tmp_path: Path) -> None:
    one = desk_identity(tmp_path / "anna", "anna")
    assert desk_identity(tmp_path / "anna", "anna") == one
    assert desk_identity(tmp_path / "boris", "boris").desk_id != one.desk_id
    assert len(one.desk_id) == 36


def test_a_callback_claimed_from_the_floor_is_not_counted_as_taken_here(db: Database) -> None:
    from operator_desk.storage.callbacks import CallbackRequest, Callbacks
    from operator_desk.storage.stats import shift_summary

    callbacks = Callbacks(db.conn)
    callbacks.submit("taxi", "+79161234567")
    callbacks.adopt(CallbackRequest(id="0b0e7a3c-1f69-4b0e-9a59-6f1b1bb1a001", tenant_id="taxi",
                                    number="+79160000000", created_ns=callbacks.due()[0].created_ns,
                                    origin_desk="desk-b"))
    assert len(callbacks.open_requests()) == 2
    records = CallRecords(db.conn)
    records.start("c1", Direction.INCOMING, callbacks.due()[0].created_ns, tenant_id="taxi")
    [taxi] = shift_summary(db.conn, 0, 2**62).tenants
    assert taxi.callbacks_taken == 1
