"""Call records built from the engine's events, their outcome, wrap-up and history."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    EndReason,
    IncomingCall,
    OutgoingCall,
)
from operator_desk.storage.callbacks import Callbacks
from operator_desk.storage.db import Database
from operator_desk.storage.records import (
    CallOutcome,
    CallRecorder,
    CallRecords,
    Direction,
    HistoryFilter,
)

S = 1_000_000_000  # one second in ns
T0 = 1_790_000_000 * S


def ring(recorder: CallRecorder, call_id: str, at: int, *, number: str = "+74951234567",
         dialed: str = "88005553535", name: str = "Иван") -> None:
    recorder(IncomingCall(
        call_id=call_id, engine_call=hash(call_id) & 0xFFFF, request_uri="sip:anna@10.0.0.5",
        to_header=f"<sip:{dialed}@pbx>", from_header=f'"{name}" <sip:{number}@pbx>', display_name=name,
        caller_number=number, ts_ns=at,
    ))
    recorder(CallStateChanged(call_id, 1, CallState.NEW, CallState.RINGING, at))


def answer(recorder: CallRecorder, call_id: str, at: int) -> None:
    recorder(CallStateChanged(call_id, 1, CallState.RINGING, CallState.CONNECTING, at))
    recorder(CallStateChanged(call_id, 1, CallState.CONNECTING, CallState.ACTIVE, at))


def end(recorder: CallRecorder, call_id: str, at: int, reason: EndReason, code: int = 200,
        talk: float = 0.0) -> None:
    recorder(CallStateChanged(call_id, 1, CallState.ACTIVE, CallState.ENDED, at))
    recorder(CallEnded(call_id, 1, reason, code, "", talk, at))


@pytest.fixture
def records(db: Database) -> CallRecords:
    return CallRecords(db.conn)


@pytest.fixture
def recorder(records: CallRecords) -> CallRecorder:
    return CallRecorder(records, tenant_of=lambda ev: "taxi" if "5553535" in ev.to_header else "")


def test_an_answered_call_is_recorded_with_tenant_numbers_and_times(recorder, records, db_path) -> None:
    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + 4 * S)
    end(recorder, "c1", T0 + 64 * S, EndReason.REMOTE_HANGUP, talk=60.0)
    with Database.open(db_path) as other:  # written as the events came: another connection sees it
        rec = CallRecords(other.conn).get("c1")
    assert rec is not None
    assert rec.direction is Direction.INCOMING
    assert (rec.tenant_id, rec.caller_number, rec.caller_name, rec.dialed_number) == (
        "taxi", "+74951234567", "Иван", "88005553535")
    assert (rec.started_ns, rec.answered_ns, rec.ended_ns) == (T0, T0 + 4 * S, T0 + 64 * S)
    assert rec.outcome is CallOutcome.ANSWERED
    assert rec.ring_s == pytest.approx(4.0)
    assert rec.talk_s == 60.0
    assert rec.end_reason == "remote_hangup"


def test_a_call_ringing_in_progress_is_ongoing(recorder, records) -> None:
    ring(recorder, "c1", T0)
    rec = records.get("c1")
    assert rec is not None and rec.outcome is CallOutcome.ONGOING and rec.ended_ns is None


def test_missed_while_ringing(recorder, records) -> None:
    ring(recorder, "c1", T0)
    end(recorder, "c1", T0 + 20 * S, EndReason.CANCELLED, 487)
    rec = records.get("c1")
    assert rec is not None and rec.outcome is CallOutcome.MISSED
    assert rec.sip_code == 487 and rec.answered_ns is None


def test_abandoned_within_seconds(recorder, records) -> None:
    ring(recorder, "c1", T0)
    end(recorder, "c1", T0 + 2 * S, EndReason.CANCELLED, 487)
    assert records.get("c1").outcome is CallOutcome.ABANDONED  # type: ignore[union-attr]


def test_rejected_because_not_ready(recorder, records) -> None:
    ring(recorder, "c1", T0)
    records.mark_rejected_not_ready("c1", "break")
    end(recorder, "c1", T0 + 1 * S, EndReason.REJECTED, 486)
    rec = records.get("c1")
    assert rec is not None
    assert rec.outcome is CallOutcome.REJECTED and rec.not_ready_reason == "break"


def test_transferred_to_whom(recorder, records) -> None:
    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + S)
    records.mark_transferred("c1", "lawyers")
    end(recorder, "c1", T0 + 30 * S, EndReason.LOCAL_HANGUP)
    rec = records.get("c1")
    assert rec is not None
    assert rec.outcome is CallOutcome.TRANSFERRED and rec.transferred_to == "lawyers"


def test_outgoing_call_not_answered(recorder, records) -> None:
    recorder(OutgoingCall("o1", 7, "sip:+74951112233@pbx", T0))
    recorder(CallEnded("o1", 7, EndReason.DECLINED, 486, "Busy Here", 0.0, T0 + 5 * S))
    rec = records.get("o1")
    assert rec is not None
    assert rec.direction is Direction.OUTGOING and rec.dialed_number == "+74951112233"
    assert rec.outcome is CallOutcome.NOT_ANSWERED


def test_failed_call(recorder, records) -> None:
    ring(recorder, "c1", T0)
    end(recorder, "c1", T0 + 30 * S, EndReason.FAILED, 408)
    assert records.get("c1").outcome is CallOutcome.FAILED  # type: ignore[union-attr]


def test_wrapup_nodes_and_callbacks_belong_to_the_call(recorder, records, db) -> None:
    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + S)
    records.add_node("c1", "prices", T0 + 2 * S)
    records.add_node("c1", "prices.airport", T0 + 3 * S)
    taken = Callbacks(db.conn).submit("taxi", "+74951234567", call_id="c1", note="перезвонить")
    end(recorder, "c1", T0 + 60 * S, EndReason.REMOTE_HANGUP, talk=59.0)
    records.wrap_up("c1", "order", "заказ на завтра", at_ns=T0 + 90 * S)
    rec = records.get("c1")
    assert rec is not None
    assert rec.nodes == ("prices", "prices.airport")
    assert rec.callbacks == (taken.id,)
    assert (rec.wrapup_code, rec.note) == ("order", "заказ на завтра")
    assert rec.handle_s == pytest.approx(89.0)  # talk plus after-call work


def test_a_broken_event_never_raises(records, caplog) -> None:
    recorder = CallRecorder(records)
    records.conn.close()
    recorder(CallEnded("x", 1, EndReason.FAILED, 0, "", 0.0, T0))  # closed database
    assert "cannot store" in caplog.text


def test_a_bug_in_the_routing_it_is_given_is_not_hidden(records) -> None:
    def broken_routing(_event: IncomingCall) -> str:
        raise KeyError("tenants")

    recorder = CallRecorder(records, tenant_of=broken_routing)
    with pytest.raises(KeyError, match="tenants"):
        ring(recorder, "c1", T0)


def _shift(recorder: CallRecorder, records: CallRecords) -> None:
    # Five calls over a morning, two tenants.
    ring(recorder, "a1", T0, number="+74950000001")
    answer(recorder, "a1", T0 + 3 * S)
    end(recorder, "a1", T0 + 63 * S, EndReason.REMOTE_HANGUP)
    ring(recorder, "a2", T0 + 100 * S, number="+74950000002")
    end(recorder, "a2", T0 + 130 * S, EndReason.CANCELLED, 487)
    ring(recorder, "b1", T0 + 200 * S, number="+74950000003", dialed="88002000600")
    records.set_tenant("b1", "bank")
    answer(recorder, "b1", T0 + 205 * S)
    end(recorder, "b1", T0 + 325 * S, EndReason.LOCAL_HANGUP)
    records.wrap_up("b1", "card", at_ns=T0 + 345 * S)
    ring(recorder, "b2", T0 + 400 * S, number="+74950000004", dialed="88002000600")
    records.set_tenant("b2", "bank")
    end(recorder, "b2", T0 + 401 * S, EndReason.CANCELLED, 487)
    # and one from the previous shift
    ring(recorder, "old", T0 - 3600 * S, number="+74950000005")
    end(recorder, "old", T0 - 3500 * S, EndReason.CANCELLED)


def test_history_of_a_shift_with_filters(recorder, records) -> None:
    _shift(recorder, records)
    shift = HistoryFilter(since_ns=T0, until_ns=T0 + 8 * 3600 * S)
    assert [r.call_id for r in records.history(shift)] == ["b2", "b1", "a2", "a1"]  # newest first
    assert records.count(shift) == 4
    bank = HistoryFilter(since_ns=T0, tenant_id="bank")
    assert [r.call_id for r in records.history(bank)] == ["b2", "b1"]
    unanswered = HistoryFilter(since_ns=T0, outcomes=frozenset({CallOutcome.MISSED, CallOutcome.ABANDONED}))
    assert {r.call_id: r.outcome for r in records.history(unanswered)} == {
        "a2": CallOutcome.MISSED, "b2": CallOutcome.ABANDONED}
    assert [r.call_id for r in records.history(HistoryFilter(number="0000003"))] == ["b1"]
    assert [r.call_id for r in records.history(HistoryFilter(number="%"))] == []
    assert [r.call_id for r in records.history(HistoryFilter(limit=2, offset=1))] == ["b1", "a2"]


def test_statistics_per_tenant(recorder, records) -> None:
    _shift(recorder, records)
    stats = {s.tenant_id: s for s in records.stats(T0, T0 + 8 * 3600 * S)}
    assert set(stats) == {"taxi", "bank"}
    taxi, bank = stats["taxi"], stats["bank"]
    assert (taxi.total, taxi.answered, taxi.missed, taxi.abandoned) == (2, 1, 1, 0)
    assert (bank.total, bank.answered, bank.missed, bank.abandoned) == (2, 1, 0, 1)
    assert taxi.avg_handle_s == pytest.approx(60.0)
    assert bank.avg_handle_s == pytest.approx(140.0)  # 120 s talk + 20 s wrap-up
    assert bank.avg_ring_s == pytest.approx(5.0)


def test_records_survive_a_restart(recorder, records, db_path: Path) -> None:
    _shift(recorder, records)
    with Database.open(db_path) as again:
        assert CallRecords(again.conn).count() == 5


def test_a_transfer_the_engine_reports_done(recorder, records) -> None:
    from operator_desk.core.calls import TransferKind, TransferProgress, TransferStarted

    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + S)
    recorder(TransferStarted("c1", 1, "sip:2001@pbx", TransferKind.BLIND, None, T0 + 10 * S))
    recorder(TransferProgress("c1", 1, "sip:2001@pbx", 100, "Trying", False, False, T0 + 10 * S))
    assert records.get("c1").transferred_to == ""  # type: ignore[union-attr]  # not yet done
    recorder(TransferProgress("c1", 1, "sip:2001@pbx", 200, "OK", True, True, T0 + 12 * S))
    recorder(CallEnded("c1", 1, EndReason.TRANSFERRED, 200, "", 11.0, T0 + 12 * S))
    rec = records.get("c1")
    assert rec is not None
    assert (rec.outcome, rec.transferred_to) == (CallOutcome.TRANSFERRED, "sip:2001@pbx")


def test_a_failed_transfer_leaves_an_answered_call(recorder, records) -> None:
    from operator_desk.core.calls import TransferProgress

    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + S)
    recorder(TransferProgress("c1", 1, "sip:2001@pbx", 486, "Busy", True, False, T0 + 10 * S))
    end(recorder, "c1", T0 + 60 * S, EndReason.REMOTE_HANGUP)
    rec = records.get("c1")
    assert rec is not None and (rec.outcome, rec.transferred_to) == (CallOutcome.ANSWERED, "")


def test_a_consult_call_names_the_call_it_consulted_for(recorder, records) -> None:
    ring(recorder, "c1", T0)
    answer(recorder, "c1", T0 + S)
    engine_call = hash("c1") & 0xFFFF
    recorder(OutgoingCall("consult-1", 99, "sip:2001@pbx", T0 + 5 * S, consult_for=engine_call))
    recorder(CallStateChanged("consult-1", 99, CallState.DIALING, CallState.ACTIVE, T0 + 8 * S))
    recorder(CallEnded("consult-1", 99, EndReason.TRANSFERRED, 200, "", 20.0, T0 + 28 * S))
    consult = records.get("consult-1")
    assert consult is not None and consult.consult_for == "c1"
    assert consult.outcome is CallOutcome.TRANSFERRED


def test_the_busiest_tenants_of_the_last_30_days_come_first(records: CallRecords) -> None:
    now = time.time_ns()
    calls = [("taxi", 1), ("bank", 3), ("shop", 2), ("", 5)]  # '' = unknown numbers
    for tenant, count in calls:
        for k in range(count):
            records.start(f"{tenant}-{k}", Direction.INCOMING, now - k * S, tenant_id=tenant)
    for k in range(4):  # busier, but two months ago
        records.start(f"old-{k}", Direction.INCOMING, now - 60 * 86_400 * S, tenant_id="old")
    assert records.busiest_tenants(now - 30 * 86_400 * S) == ["bank", "shop", "taxi"]
