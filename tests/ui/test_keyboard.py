"""An operator's hands stay on the keyboard: every shortcut works after every dialog has
closed, without a click. Real key events (pytest-qt's keyClick on whatever has the keyboard),
the real window and dialogs, an offscreen display (no window manager: the desk itself must
give the keyboard back)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from operator_desk.core.agent import AgentState
from operator_desk.core.calls import CallState
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.core.settings import Settings
from operator_desk.storage.db import Database
from operator_desk.ui.controller import DeskController
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.records import DeskRecords
from operator_desk.ui.settings_dialog import SettingsDialog
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, ended, incoming, state

K = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
ELECTRONICS = "88005557190"


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


class Desk_:
    def __init__(self, window, bridge, controller, records):
        self.window, self.bridge, self.controller, self.records = window, bridge, controller, records
        self.call = None

    @property
    def last(self):
        return self.bridge.commands[-1] if self.bridge.commands else None


@pytest.fixture
def desk(qtbot, library, tmp_path):
    """The window wired as the desk wires it, with its dialogs on their keys."""
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна", "sales")), window, bridge,
                                auto_ready_s=-1)
    db = Database.open(tmp_path / "desk.sqlite3")
    records = DeskRecords(db, controller)  # the history and statistics are its own
    window.settings_requested.connect(lambda: SettingsDialog(Settings(), parent=window).open())
    controller.prepare_tenants()
    qtbot.waitUntil(lambda: not controller.preparing, timeout=5000)
    controller.go_ready()
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
    yield Desk_(window, bridge, controller, records)
    db.close()


def key(qtbot, k, modifier=NONE):
    """A key pressed where the keyboard is (the focused widget, else the active window) as
    soon as a window of the desk has it; failing when none does within three seconds (a
    window manager under load takes its time)."""
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=3000)
    except AssertionError:
        raise AssertionError("no window of the desk has the keyboard") from None
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), k, modifier)


def open_and_close(qtbot, desk, k, modifier=NONE):
    """``k`` opens a dialog (it gets the keyboard); Esc closes it; the keyboard is back in
    the window, where it was."""
    window = desk.window
    before = QApplication.focusWidget()
    key(qtbot, k, modifier)
    qtbot.waitUntil(lambda: QApplication.activeWindow() not in (None, window), timeout=2000)
    dialog = QApplication.activeWindow()
    key(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert QApplication.focusWidget() is before, "the keyboard is back, but not where it was"
    return dialog


def ring_and_answer(qtbot, desk):
    call = incoming(ELECTRONICS, name="Ольга Ким")
    desk.bridge.emit_event(call)
    key(qtbot, K.Key_F5)
    assert desk.last == ("answer", call.engine_call)
    desk.bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    desk.call = call
    return call


def every_key_works(qtbot, desk):
    """Each of the desk's keys, pressed once the last dialog is gone, does its job."""
    window, script, h = desk.window, desk.window.script, desk.call.engine_call
    for k, command in ((K.Key_F6, ("hold", h)), (K.Key_F6, ("unhold", h)),
                       (K.Key_F7, ("mute", h, True)), (K.Key_F7, ("mute", h, False))):
        key(qtbot, k)
        assert desk.last == command
    folded = window.greeting.collapsed
    key(qtbot, K.Key_G, CTRL)
    assert window.greeting.collapsed is not folded and window.caller.compact is not folded
    key(qtbot, K.Key_G, CTRL)
    assert window.greeting.collapsed is folded
    script.tree.setFocus()
    key(qtbot, K.Key_F, CTRL)
    assert script.search.hasFocus()
    key(qtbot, K.Key_D, CTRL)  # the pad has the keyboard: digits are tones
    assert window.dialpad.isVisible() and window.dialpad.hasFocus()
    key(qtbot, K.Key_5)
    assert desk.last == ("dtmf", h, "5")
    key(qtbot, K.Key_D, CTRL)
    assert not window.dialpad.isVisible() and script.search.hasFocus()
    key(qtbot, K.Key_D, CTRL)
    key(qtbot, K.Key_Escape)  # Esc closes it too
    assert not window.dialpad.isVisible() and not window.dialpad_action.isChecked()
    assert script.search.hasFocus()
    key(qtbot, K.Key_D, CTRL | SHIFT)
    assert window.dial_field.hasFocus()
    key(qtbot, K.Key_F, CTRL)
    script.open_question("choose-tv")
    script.open_question("warranty")
    key(qtbot, K.Key_Left, ALT)
    assert script.current_question.id == "choose-tv"
    key(qtbot, K.Key_F, CTRL | SHIFT)
    assert script.table_filter.hasFocus()
    key(qtbot, K.Key_F, CTRL)
    for k, modifier in ((K.Key_T, CTRL), (K.Key_B, CTRL), (K.Key_H, CTRL), (K.Key_I, CTRL),
                        (K.Key_L, CTRL), (K.Key_Comma, CTRL), (K.Key_N, CTRL)):
        open_and_close(qtbot, desk, k, modifier)
    script.table.setFocus()
    key(qtbot, K.Key_Home, CTRL)
    key(qtbot, K.Key_Down, SHIFT)
    open_and_close(qtbot, desk, K.Key_M, CTRL)  # compare the two rows selected
    key(qtbot, K.Key_F8)
    assert desk.last == ("hangup", h)
    desk.bridge.emit_event(ended(desk.call))
    assert window.wrap_up.code.hasFocus()
    key(qtbot, K.Key_Down)
    with qtbot.waitSignal(desk.controller.wrap_up_done):
        key(qtbot, K.Key_Return, CTRL)
    assert desk.controller.agent.state is AgentState.READY
    key(qtbot, K.Key_R, CTRL | SHIFT)  # not ready: the reasons open
    qtbot.waitUntil(lambda: window.agent_state.view().isVisible(), timeout=3000)
    key(qtbot, K.Key_Down)
    key(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: desk.controller.agent.state is AgentState.NOT_READY, timeout=3000)
    key(qtbot, K.Key_R, CTRL)
    assert desk.controller.agent.state is AgentState.READY


DIALOG_KEYS = {
    "transfer": (K.Key_T, CTRL), "callback": (K.Key_B, CTRL), "history": (K.Key_H, CTRL),
    "statistics": (K.Key_I, CTRL), "callbacks to make": (K.Key_L, CTRL),
    "settings": (K.Key_Comma, CTRL), "no ready answer": (K.Key_N, CTRL),
}


@pytest.mark.parametrize("dialog", sorted(DIALOG_KEYS))
def test_every_key_works_after_the_dialog_closes(qtbot, desk, dialog):
    ring_and_answer(qtbot, desk)
    open_and_close(qtbot, desk, *DIALOG_KEYS[dialog])
    every_key_works(qtbot, desk)


def test_every_key_works_after_comparing_table_rows(qtbot, desk):
    ring_and_answer(qtbot, desk)
    desk.window.script.open_question("choose-tv")
    desk.window.script.table.selectAll()
    open_and_close(qtbot, desk, K.Key_M, CTRL)
    every_key_works(qtbot, desk)


def test_the_call_keys_work_inside_a_dialog(qtbot, desk):
    """A call rings while the shift's history is open: F5 answers it there, F8 ends it."""
    window, bridge = desk.window, desk.bridge
    key(qtbot, K.Key_H, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeWindow() not in (None, window), timeout=2000)
    history = QApplication.activeWindow()
    call = incoming(ELECTRONICS)
    bridge.emit_event(call)
    assert QApplication.activeWindow() is history
    key(qtbot, K.Key_F5)
    assert desk.last == ("answer", call.engine_call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    key(qtbot, K.Key_F8)
    assert desk.last == ("hangup", call.engine_call)
    key(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def test_every_action_names_its_key(desk):
    """Whatever the operator can do has a key, and the window says which: in the action's
    tooltip, or in its button."""
    window = desk.window
    for action in window.actions() + window.findChild(
            __import__("PySide6.QtWidgets").QtWidgets.QToolBar, "callToolbar").actions():
        if action.isSeparator() or action.menu() is not None or not action.text():
            continue
        shortcut = action.shortcut().toString()
        assert shortcut, f"{action.objectName()} has no key"
        assert shortcut in action.toolTip(), f"{action.objectName()}: {action.toolTip()!r}"
    from PySide6.QtWidgets import QAbstractButton

    for button in window.findChildren(QAbstractButton):
        if button.objectName().startswith("qt_") or not button.objectName():
            continue
        said = button.text() + " " + button.toolTip()
        assert any(k in said for k in ("Ctrl+", "Alt+", "F5", "F6", "F7", "F8", "F9", "Enter",
                                       "Esc")), f"{button.objectName()}: {said!r}"


def test_the_callback_form_is_saved_with_ctrl_enter_from_any_field(qtbot, desk):
    ring_and_answer(qtbot, desk)
    key(qtbot, K.Key_B, CTRL)
    form = desk.controller.callback_form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=3000)
    form.inputs["note"].setFocus()  # even from the multi-line comment
    with qtbot.waitSignal(desk.controller.callback_submitted):
        key(qtbot, K.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window, timeout=3000)
