"""Transfer: find the specialist by typing, closed ones explained with what is open instead,
and the consult's state on the main window with its keys (pytest-qt, real key events)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from operator_desk.core.calls import CallState, OutgoingCall
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.forms import transfer_targets
from operator_desk.core.library import Library
from operator_desk.ui.controller import DeskController
from operator_desk.ui.dialogs import ENTRY_ROLE, TransferDialog
from operator_desk.ui.main_window import DeskWindow
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, incoming, state

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SATURDAY_1PM_SAMARA = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the keyboard is: the focused widget (or the active window), as
    soon as one of the desk's windows has it (a person's next key comes that late too)."""
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=3000)
    except AssertionError:
        raise AssertionError("no window of the desk has the keyboard") from None
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), k, modifier)


@pytest.fixture
def dialog(qtbot, library):
    targets = transfer_targets(library.tenant("elektronika-vector"), SATURDAY_1PM_SAMARA)
    dialog = TransferDialog(targets)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return dialog


def visible_ids(dialog):
    return [dialog.list.item(r).data(ENTRY_ROLE) for r in range(dialog.list.count())
            if not dialog.list.item(r).isHidden()]


def test_typing_finds_the_specialist_by_number_name_or_topic(qtbot, dialog):
    assert dialog.search.hasFocus()
    qtbot.keyClicks(dialog.search, "4401")
    assert visible_ids(dialog) == ["senior-support"]
    dialog.search.clear()
    dialog.search.insert("возврат денег")  # words of its note, in any order
    assert visible_ids(dialog) == ["legal-returns"]
    dialog.search.clear()
    dialog.search.insert("юрист")
    assert dialog.list.currentItem().data(ENTRY_ROLE) == "legal-returns"
    with qtbot.waitSignal(dialog.transfer_chosen) as chosen:
        key(qtbot, Qt.Key.Key_Return)  # Enter: consult first
    assert chosen.args == ["legal-returns", True]


def test_ctrl_enter_transfers_blind_and_ctrl_b_takes_a_callback(qtbot, library):
    targets = transfer_targets(library.tenant("elektronika-vector"), SATURDAY_1PM_SAMARA)
    for keys, signal in (((Qt.Key.Key_Return, CTRL), "transfer_chosen"),
                         ((Qt.Key.Key_B, CTRL), "callback_requested")):
        dialog = TransferDialog(targets)
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.show()
        with qtbot.waitSignal(getattr(dialog, signal)) as sent:
            key(qtbot, *keys)
        if signal == "transfer_chosen":
            assert sent.args[1] is False  # blind
        assert not dialog.isVisible()


def test_a_closed_specialist_says_when_it_opens_and_what_is_open_instead(qtbot, dialog):
    dialog.search.insert("инженер")
    assert dialog.list.currentItem().data(ENTRY_ROLE) == "service-engineer"
    assert "CLOSED now, opens Mon 09:00" in dialog.list.currentItem().text()
    assert dialog.hint.text() == (
        "«Инженер сервисного центра» is closed now (opens Mon 09:00). Open now: «Менеджер по "
        "продажам», «Отдел интернет-заказов», «Старший специалист поддержки». Or take a "
        "callback request (Ctrl+B).")
    dialog.search.clear()
    dialog.search.insert("старший")
    assert "open now, until 16:00" in dialog.list.currentItem().text()
    assert dialog.hint.text() == ""


def test_nobody_open_suggests_a_callback(qtbot, library):
    sunday_night = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)  # 00:00 Monday in Samara
    targets = transfer_targets(library.tenant("elektronika-vector"), sunday_night)
    dialog = TransferDialog(targets)
    qtbot.addWidget(dialog)
    assert "Nobody in the directory is open now: take a callback request (Ctrl+B)." in \
        dialog.hint.text()
    assert "(in 8 h 0 min)" in dialog.hint.text() or "(in 9 h 0 min)" in dialog.hint.text()


@pytest.fixture
def desk(qtbot, library):
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна")), window, bridge,
                                auto_ready_s=-1, dial_domain="pbx.corp")
    controller.go_ready()
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
    return window, bridge, controller


def test_the_consult_is_shown_on_the_main_window_with_its_keys(qtbot, desk):
    window, bridge, controller = desk
    call = incoming("88005557190")
    bridge.emit_event(call)
    key(qtbot, Qt.Key.Key_F5)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    key(qtbot, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: controller.transfer_dialog is not None
                    and controller.transfer_dialog.isActiveWindow(), timeout=2000)
    qtbot.keyClicks(controller.transfer_dialog.search, "4401")
    key(qtbot, Qt.Key.Key_Return)
    assert bridge.commands[-1] == ("consult", call.engine_call, "sip:4401@pbx.corp")
    consult = OutgoingCall("consult@x", 90_001, "sip:4401@pbx.corp", 0, consult_for=call.engine_call)
    bridge.emit_event(consult)
    assert window.consult_bar.isVisible()
    assert window.consult_label.text() == (
        "Calling Старший специалист поддержки… the caller is on hold")
    assert not window.complete_transfer.isEnabled() and not window.swap_calls.isEnabled()
    bridge.emit_event(state(call, CallState.ACTIVE, CallState.HELD))
    bridge.emit_event(state(consult, CallState.DIALING, CallState.ACTIVE))
    assert window.consult_label.text() == (
        "Consulting Старший специалист поддержки; the caller is on hold")
    assert window.complete_transfer.text() == "Complete transfer  Ctrl+Shift+T"
    assert window.swap_calls.text() == "Swap: talk to the caller  Ctrl+Shift+S"
    key(qtbot, Qt.Key.Key_S, CTRL_SHIFT)  # swap: back to the caller, the specialist waits
    assert bridge.commands[-2:] == [("hold", 90_001), ("unhold", call.engine_call)]
    bridge.emit_event(state(consult, CallState.ACTIVE, CallState.HELD))
    bridge.emit_event(state(call, CallState.HELD, CallState.ACTIVE))
    assert window.consult_label.text() == (
        "Talking to the caller; Старший специалист поддержки is on hold")
    assert window.swap_calls.text() == "Swap: back to Старший специалист поддержки  Ctrl+Shift+S"
    key(qtbot, Qt.Key.Key_S, CTRL_SHIFT)  # and back
    assert bridge.commands[-2:] == [("hold", call.engine_call), ("unhold", 90_001)]
    key(qtbot, Qt.Key.Key_T, CTRL_SHIFT)
    assert bridge.commands[-1] == ("transfer_attended", call.engine_call, 90_001)


def test_ctrl_shift_x_cancels_the_consult(qtbot, desk):
    window, bridge, _controller = desk
    call = incoming("88005557190")
    bridge.emit_event(call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    consult = OutgoingCall("consult@y", 90_002, "sip:4401@pbx.corp", 0, consult_for=call.engine_call)
    bridge.emit_event(consult)
    key(qtbot, Qt.Key.Key_X, CTRL_SHIFT)
    assert bridge.commands[-1] == ("return_to_caller", 90_002)
    assert window.back_to_caller.toolTip() == "Back to the caller (Ctrl+Shift+X)"
