"""Who is calling: the caller card with the number as dialled in the tenant's country, the
caller's earlier calls from the desk's own SQLite records, how long it rang, and a callback
form that takes phone numbers only."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from operator_desk.core.caller_history import PastCall
from operator_desk.core.calls import CallState, EndReason
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.storage.db import Database
from operator_desk.storage.records import Direction
from operator_desk.ui.controller import DeskController
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.records import DeskRecords
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, ended, incoming, state

ELECTRONICS = "88005557190"
S = 10**9


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def desk(qtbot, library, tmp_path):
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    clock = Clock()
    controller = DeskController(Desk(library, OperatorProfile("Анна")), window, bridge,
                                auto_ready_s=-1, clock=clock)
    controller.go_ready()
    db = Database.open(tmp_path / "desk.sqlite3")
    records = DeskRecords(db, controller)
    window.resize(1366, 768)
    with qtbot.waitActive(window):  # keys go to the active window, as on a desktop
        window.show()
    yield window, bridge, controller, records, clock
    db.close()


def ring(qtbot, controller, bridge, call):
    with qtbot.waitSignal(controller.pop_painted, timeout=2000):
        bridge.emit_event(call)


def earlier_calls_line(qtbot, window):
    """The repeat-caller line, once looked up (just after the pop is painted)."""
    qtbot.waitUntil(lambda: window.caller.history.text() != "", timeout=2000)
    return window.caller.history.text()


def earlier_call(records, call_id, number, started_ns, *, answered=True, code="", node=""):
    records.records.start(call_id, Direction.INCOMING, started_ns,
                          tenant_id="elektronika-vector", caller_number=number)
    if answered:
        records.records.mark_answered(call_id, started_ns + 3 * S)
    if node:
        records.records.add_node(call_id, node)
    records.records.end(call_id, EndReason.REMOTE_HANGUP if answered else EndReason.CANCELLED,
                        started_ns + 60 * S)
    if code:
        records.records.wrap_up(call_id, code)


def test_a_sip_user_is_not_shown_as_a_number_nor_taken_for_a_callback(qtbot, desk):
    window, bridge, controller, _records, _clock = desk
    call = incoming(ELECTRONICS, name="sipp", number="sipp")
    ring(qtbot, controller, bridge, call)
    assert window.caller.number.text() == "sipp"
    assert "not a phone number" in window.caller.kind.text()
    assert window.caller.name.text() == ""  # "sipp / sipp" said once
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    window.callback_action.trigger()
    form = controller.callback_form
    phone = form.inputs["phone"]
    assert phone.text() == ""  # never prefilled with a non-number
    phone.setText("sipp")
    with qtbot.assertNotEmitted(controller.callback_submitted):
        form.submit.click()
    assert form.errors["phone"].isVisibleTo(form)
    assert "Not a phone number" in form.errors["phone"].text()


def test_the_number_is_formatted_for_the_tenants_country_and_rings_with_a_timer(qtbot, desk):
    window, bridge, controller, _records, clock = desk
    call = incoming(ELECTRONICS, name="Ольга Ким", number="+4930123456")
    ring(qtbot, controller, bridge, call)
    assert window.caller.number.text() == "+49 30 123456"
    assert "abroad (DE)" in window.caller.kind.text()
    clock.now += 7
    controller._on_tick_timeout()
    assert window.caller.ring.text() == "ringing 0:07"
    clock.now += 2
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    assert window.caller.ring.text() == "answered after 0:09 of ringing"


def test_a_repeat_caller_is_told_from_the_desks_records(qtbot, desk):
    window, bridge, controller, records, _clock = desk
    now = time.time_ns()
    today = datetime.fromtimestamp(now / S).replace(hour=0, minute=0, second=0)
    since_midnight = now - int(today.timestamp() * S)
    day_start = now - since_midnight  # both earlier today, even a minute after midnight
    first = day_start + since_midnight // 3
    last = day_start + 2 * since_midnight // 3
    earlier_call(records, "e1@x", "79161234567", first, answered=False)
    earlier_call(records, "e2@x", "+7 916 123-45-67", last, code="warranty", node="repair")
    earlier_call(records, "other@x", "79035550000", last)  # someone else
    call = incoming(ELECTRONICS, number="89161234567")  # the same number, written otherwise
    ring(qtbot, controller, bridge, call)
    when = datetime.fromtimestamp(last / S).strftime("%H:%M")
    assert earlier_calls_line(qtbot, window) == (
        f"Called 2 times today (1 not answered), last call {when} "
        "about «Гарантия — консультация»")


def test_the_last_calls_question_tells_what_it_was_about_without_a_result(qtbot, desk):
    window, bridge, controller, records, _clock = desk
    controller.prepare_tenants()
    qtbot.waitUntil(lambda: not controller.preparing, timeout=5000)
    week_ago = time.time_ns() - 7 * 86400 * S
    earlier_call(records, "w1@x", "79161234567", week_ago, node="repair")
    ring(qtbot, controller, bridge, incoming(ELECTRONICS, number="79161234567"))
    when = datetime.fromtimestamp(week_ago / S).strftime("%d.%m %H:%M")
    assert earlier_calls_line(qtbot, window) == (
        f"Called 1 time in 30 days, last call {when} about "
        "«Сломалось — куда обратиться за ремонтом?»")


def test_a_first_time_caller_and_the_floors_records_through_the_same_seam(qtbot, desk):
    window, bridge, controller, records, _clock = desk
    first = incoming(ELECTRONICS, number="79161234567")
    ring(qtbot, controller, bridge, first)
    assert earlier_calls_line(qtbot, window) == "No calls from this number in the last 30 days"
    bridge.emit_event(ended(first, EndReason.CANCELLED))

    class FloorRecords:  # what the call floor's shared records will answer
        def calls_from(self, e164, since_ns, limit=50):
            assert e164 == "+79161234567"
            return [PastCall("f1@floor", "elektronika-vector", time.time_ns() - 60 * S,
                             "answered", "repair", source="floor")]

    records.history_sources.append(FloorRecords())
    ring(qtbot, controller, bridge, incoming(ELECTRONICS, number="79161234567"))
    line = earlier_calls_line(qtbot, window)
    assert line.startswith("Called 1 time today, last call")
    assert "Ремонт — направлен в сервис" in line


def test_the_call_clock_and_the_state_clock_are_labelled_and_read_together(qtbot, desk):
    window, bridge, controller, _records, clock = desk
    call = incoming(ELECTRONICS)
    bridge.emit_event(call)
    clock.now += 11
    controller._on_tick_timeout()
    assert window.call_timer.text() == "Ringing 00:11"
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    assert window.call_timer.text() == "Talk 00:00"  # at once, not at the next tick
    clock.now += 17
    controller._on_tick_timeout()
    # The screen: 00:17 at the top, 00:28 below — now each says what it counts.
    assert window.call_timer.text() == "Talk 00:17"
    assert window.agent_time.text() == "On a call · 00:28 in this state"
    bridge.emit_event(state(call, CallState.ACTIVE, CallState.HELD))
    assert window.call_timer.text() == "Talk 00:17"  # the clock goes on; the banner says held
    assert window.banner.status.text() == "On hold"
    clock.now += 3
    bridge.emit_event(ended(call))
    assert window.call_timer.text() == "Last call 00:20"
    assert window.agent_time.text() == "After-call work · 00:00 in this state"


def test_a_second_call_waits_with_its_own_clock(qtbot, desk):
    window, bridge, controller, _records, clock = desk
    first, second = incoming(ELECTRONICS), incoming("+73432700070")
    bridge.emit_event(first)
    bridge.emit_event(state(first, CallState.RINGING, CallState.ACTIVE))
    clock.now += 30
    bridge.emit_event(second)
    assert window.waiting.text() == "Call waiting: Банк «Северный кредит» · 00:00"
    clock.now += 12
    controller._on_tick_timeout()
    assert window.waiting.text() == "Call waiting: Банк «Северный кредит» · 00:12"
    assert window.call_timer.text() == "Talk 00:42"  # the first call's clock is its own
