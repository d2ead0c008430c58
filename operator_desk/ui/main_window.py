"""The window the operator lives in for a whole shift.

Signals (all user intents; the controller decides what they mean):
    answer_clicked, hangup_clicked, hold_toggled(bool), mute_toggled(bool),
    transfer_clicked, callback_clicked, ready_requested, not_ready_requested(str)
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.agent import NOT_READY_REASONS, AgentState
from operator_desk.core.desk import ScreenPop
from operator_desk.ui.dialogs import WrapUpPanel
from operator_desk.ui.dialpad import DialPadWidget
from operator_desk.ui.pop import BannerWidget, CallerWidget, GreetingWidget
from operator_desk.ui.script_panel import ScriptPanel


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


def format_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class DeskWindow(QMainWindow):
    answer_clicked = Signal()
    hangup_clicked = Signal()
    hold_toggled = Signal(bool)
    mute_toggled = Signal(bool)
    transfer_clicked = Signal()
    callback_clicked = Signal()
    ready_requested = Signal()
    not_ready_requested = Signal(str)
    settings_requested = Signal()
    dial_requested = Signal(str)
    dtmf_pressed = Signal(str)
    history_requested = Signal()
    stats_requested = Signal()
    callbacks_requested = Signal()
    offer_accepted = Signal()
    closed = Signal()
    complete_transfer_clicked = Signal()
    back_to_caller_clicked = Signal()
    swap_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskWindow")
        self.setWindowTitle(self.tr("Operator Desk"))
        self.setMinimumSize(QSize(1024, 640))

        self.banner = BannerWidget()
        self.greeting = GreetingWidget()
        self.caller = CallerWidget()
        self.script = ScriptPanel()
        self.wrap_up = WrapUpPanel()
        self.wrap_up.shown.connect(self.script.refit_answer)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self._build_consult_bar())
        pop_row = QHBoxLayout()
        pop_row.addWidget(self.greeting, 3)
        pop_row.addWidget(self.caller, 1)
        layout.addLayout(pop_row)
        layout.addWidget(self.script, 1)
        layout.addWidget(self.wrap_up)
        self.setCentralWidget(central)

        self._build_toolbar()
        self._build_status_bar()
        self.set_call_controls(ringing=False, in_call=False)
        self._last_focus: QWidget | None = None
        self._answered = False
        self._fold_chosen = False
        """The operator folded or unfolded the pop by hand: it stays as they want it."""
        self._read = QTimer(self)
        self._read.setSingleShot(True)
        self._read.timeout.connect(self._on_read_timeout)
        self.greeting.toggle_requested.connect(self._on_greeting_toggle_requested)
        self.script.question_opened.connect(self._on_operator_moved_on)
        self.script.search.textEdited.connect(self._on_operator_moved_on)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    # -- the keyboard stays with the operator ---------------------------------------

    def childEvent(self, event: QChildEvent) -> None:
        """A dialog of this window (transfer, callback, history, settings…) is about to
        show: while it is open the call keys (F5 F6 F7 F8) still work, and when it closes
        the keyboard comes back here, to where it was — with a window manager or without.
        (Watched through the dialog's own ``finished`` signal; no event filter.)"""
        super().childEvent(event)
        if event.type() != QEvent.Type.ChildPolished:
            return
        child = event.child()
        if isinstance(child, QDialog) and not child.property("deskKeys"):
            child.setProperty("deskKeys", True)
            child.addActions(self.call_actions())
            child.finished.connect(self.give_keyboard_back)

    def call_actions(self) -> list[QAction]:
        """The keys that must work whatever window is in front: answer, hang up, hold, mute."""
        return [self.answer_action, self.hangup_action, self.hold_action, self.mute_action]

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.window() is self:
            self._last_focus = new

    def give_keyboard_back(self, *_: object) -> None:
        """Activate this window and focus what had the focus before (the search box when
        that is gone), unless another of the desk's windows is still in front. Done once
        the closing window is gone (a window manager picks its own successor then), and
        asked again shortly after when no window of the desk got the keyboard."""
        QTimer.singleShot(0, self._take_keyboard)
        QTimer.singleShot(150, self._take_keyboard_if_nobody_has_it)

    def _take_keyboard_if_nobody_has_it(self) -> None:
        if QApplication.activeWindow() is None:
            self._take_keyboard()

    def _take_keyboard(self) -> None:
        if not self.isVisible() or self.isMinimized():
            return  # hidden in the tray: nothing to give back
        front = QApplication.activeModalWidget() or QApplication.activeWindow()
        if front is not None and front is not self and front.isVisible():
            return  # another dialog of the desk is in front now
        self.activateWindow()
        self.raise_()
        target = self._last_focus
        if target is None or not _alive(target) or not target.isVisible() \
                or not target.isEnabled():
            target = self.script.search
        target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _build_consult_bar(self) -> QWidget:
        """Shown while the operator talks to a specialist before an attended transfer:
        who is on the line and who holds, and complete / swap / cancel, each with its key."""
        bar = QWidget()
        bar.setObjectName("consultBar")
        bar.setStyleSheet("QWidget#consultBar { background: #E3F2FD; border-radius: 6px; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 4, 12, 4)
        self.consult_label = QLabel()
        self.consult_label.setObjectName("consultLabel")
        self.consult_label.setWordWrap(True)
        font = self.consult_label.font()
        font.setBold(True)
        self.consult_label.setFont(font)
        self.complete_transfer_action = self._action(
            self.tr("Complete transfer"), "Ctrl+Shift+T", "completeTransferAction")
        self.swap_action = self._action(self.tr("Swap"), "Ctrl+Shift+S", "swapAction")
        self.cancel_consult_action = self._action(
            self.tr("Back to the caller"), "Ctrl+Shift+X", "cancelConsultAction")
        self.complete_transfer = self._key_button(self.complete_transfer_action, "completeTransfer")
        self.swap_calls = self._key_button(self.swap_action, "swapCalls")
        self.back_to_caller = self._key_button(self.cancel_consult_action, "backToCaller")
        row.addWidget(self.consult_label, 1)
        for button in (self.complete_transfer, self.swap_calls, self.back_to_caller):
            row.addWidget(button)
        self.complete_transfer_action.triggered.connect(self.complete_transfer_clicked)
        self.swap_action.triggered.connect(self.swap_clicked)
        self.cancel_consult_action.triggered.connect(self.back_to_caller_clicked)
        bar.hide()
        self.consult_bar = bar
        self._enable_consult(False, False, False)
        return bar

    def _key_button(self, action: QAction, name: str) -> QToolButton:
        """A button for ``action`` that says its key ("Swap  Ctrl+Shift+S")."""
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addAction(action)
        return button

    def _enable_consult(self, complete: bool, swap: bool, cancel: bool) -> None:
        self.complete_transfer_action.setEnabled(complete)
        self.swap_action.setEnabled(swap)
        self.cancel_consult_action.setEnabled(cancel)

    def show_consult(self, text: str, can_complete: bool, can_swap: bool = False,
                     swap_text: str = "") -> None:
        self.consult_label.setText(text)
        if swap_text:
            self.swap_action.setText(swap_text)
        for action in (self.complete_transfer_action, self.swap_action,
                       self.cancel_consult_action):
            action.setIconText(f"{action.text()}  {action.shortcut().toString()}")
            action.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        self._enable_consult(can_complete, can_swap, True)
        self.consult_bar.show()

    def hide_consult(self) -> None:
        self.consult_bar.hide()
        self._enable_consult(False, False, False)

    def _action(self, text: str, shortcut: str, name: str, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setToolTip(f"{text} ({shortcut})")
        action.setCheckable(checkable)
        return action

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Call controls"))
        bar.setObjectName("callToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.answer_action = self._action(self.tr("Answer"), "F5", "answerAction")
        self.hangup_action = self._action(self.tr("Hang up"), "F8", "hangupAction")
        self.hold_action = self._action(self.tr("Hold"), "F6", "holdAction", checkable=True)
        self.mute_action = self._action(self.tr("Mute"), "F7", "muteAction", checkable=True)
        self.transfer_action = self._action(self.tr("Transfer"), "Ctrl+T", "transferAction")
        self.callback_action = self._action(self.tr("Callback"), "Ctrl+B", "callbackAction")
        self.search_action = self._action(self.tr("Search"), "Ctrl+F", "searchAction")
        self.settings_action = self._action(self.tr("Settings…"), "Ctrl+,", "settingsAction")
        self.dialpad_action = self._action(self.tr("Dial pad"), "Ctrl+D", "dialpadAction",
                                           checkable=True)
        self.history_action = self._action(self.tr("History"), "Ctrl+H", "historyAction")
        self.stats_action = self._action(self.tr("Statistics"), "Ctrl+I", "statsAction")
        self.callbacks_action = self._action(self.tr("Callbacks"), "Ctrl+L", "callbacksAction")
        for action in (self.answer_action, self.hangup_action, self.hold_action,
                       self.mute_action, self.transfer_action, self.callback_action,
                       self.dialpad_action):
            bar.addAction(action)
        self.addAction(self.search_action)
        self._build_keys_without_buttons()
        bar.addSeparator()
        bar.addAction(self.callbacks_action)
        bar.addAction(self.history_action)
        bar.addAction(self.stats_action)
        bar.addAction(self.settings_action)
        self.call_timer = self.banner.clock  # beside the call's state, in the banner
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.waiting = QLabel()
        self.waiting.setObjectName("callWaiting")
        self.waiting.setStyleSheet("color: #E65100; font-weight: bold; padding: 0 12px;")
        bar.addWidget(self.waiting)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.answer_action.triggered.connect(self.answer_clicked)
        self.hangup_action.triggered.connect(self.hangup_clicked)
        self.hold_action.toggled.connect(self.hold_toggled)
        self.mute_action.toggled.connect(self.mute_toggled)
        self.transfer_action.triggered.connect(self.transfer_clicked)
        self.callback_action.triggered.connect(self.callback_clicked)
        self.search_action.triggered.connect(self._on_search_action_triggered)
        self.settings_action.triggered.connect(self.settings_requested)
        self.history_action.triggered.connect(self.history_requested)
        self.stats_action.triggered.connect(self.stats_requested)
        self.callbacks_action.triggered.connect(self.callbacks_requested)
        # In the window, not a window of its own: no window manager stands between it and
        # the keyboard.
        self.dialpad = DialPadWidget()
        self.dialpad.closed.connect(self._on_dialpad_closed)
        self.dialpad_dock = QDockWidget(self.tr("Dial pad (Ctrl+D, Esc)"), self)
        self.dialpad_dock.setObjectName("dialPadDock")
        self.dialpad_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dialpad_dock.setWidget(self.dialpad)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dialpad_dock)
        self.dialpad_dock.hide()
        self._before_pad: QWidget | None = None
        self.dialpad_action.toggled.connect(self._on_dialpad_toggled)
        self.dialpad.digit_pressed.connect(self._on_dialpad_digit_pressed)
        self.script.transfer_requested.connect(self.transfer_clicked)
        self.script.callback_requested.connect(self.callback_clicked)

    def _build_keys_without_buttons(self) -> None:
        """Keys for what a button elsewhere in the window does, so that the operator's hands
        never leave the keyboard (each button's text or tooltip names its key)."""
        keys = (
            (self.tr("Fold or unfold the greeting"), "Ctrl+G", "greetingAction",
             self.greeting.toggle_requested.emit),
            (self.tr("No ready answer"), "Ctrl+N", "noAnswerAction", self.script.no_answer.click),
            (self.tr("Compare selected rows"), "Ctrl+M", "compareAction",
             self.script.table_box.compare_selected),
            (self.tr("Filter the table"), "Ctrl+Shift+F", "tableFilterAction",
             self._on_table_filter_action_triggered),
            (self.tr("Ready"), "Ctrl+R", "readyAction", self.ready_requested.emit),
            (self.tr("Not ready…"), "Ctrl+Shift+R", "notReadyAction",
             self._on_not_ready_action_triggered),
            (self.tr("Number to call"), "Ctrl+Shift+D", "dialFieldAction",
             self._on_dial_field_action_triggered),
            (self.tr("Call back the offered request"), "Ctrl+Shift+B", "offerAction",
             self._on_offer_action_triggered),
        )
        for text, shortcut, name, slot in keys:
            action = self._action(text, shortcut, name)
            action.triggered.connect(slot)
            self.addAction(action)
            setattr(self, name.removesuffix("Action") + "_action", action)

    def _on_table_filter_action_triggered(self) -> None:
        if self.script.table_box.isVisible():
            self.script.table_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.script.table_filter.selectAll()

    def _on_not_ready_action_triggered(self) -> None:
        if self.agent_state.isEnabled():
            self.agent_state.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.agent_state.showPopup()

    def _on_dial_field_action_triggered(self) -> None:
        self.dial_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dial_field.selectAll()

    def _on_offer_action_triggered(self) -> None:
        if self.offer.isVisible():
            self.offer.click()

    def _build_status_bar(self) -> None:
        status = QStatusBar()
        self.setStatusBar(status)
        self.agent_state = QComboBox()
        self.agent_state.setObjectName("agentState")
        self.agent_state.setToolTip(self.tr("Ready (Ctrl+R) or not ready, with the reason "
                                            "(Ctrl+Shift+R)"))
        self.agent_state.addItem(self.tr("Ready"), "")
        for reason in NOT_READY_REASONS:
            self.agent_state.addItem(self.tr("Not ready: {0}").format(reason), reason)
        self.agent_time = QLabel()
        self.agent_time.setObjectName("agentTime")
        self.registration = QLabel()
        self.registration.setObjectName("registrationState")
        self.library_version = QLabel()
        self.library_version.setObjectName("libraryVersion")
        self.outbox_state = QLabel()
        self.outbox_state.setObjectName("outboxState")
        self.dial_field = QLineEdit()
        self.dial_field.setObjectName("dialField")
        self.dial_field.setPlaceholderText(self.tr("Number to call (Ctrl+Shift+D)"))
        self.dial_field.setClearButtonEnabled(True)
        self.dial_field.setMaximumWidth(260)
        self.dial_button = QPushButton(self.tr("Call"))
        self.dial_button.setObjectName("dialButton")
        self.dial_button.setToolTip(self.tr("Call the number (Enter in the number field)"))
        status.addWidget(self.agent_state)
        status.addWidget(self.agent_time)
        status.addWidget(self.dial_field)
        status.addWidget(self.dial_button)
        self.dial_field.returnPressed.connect(self._on_dial_button_clicked)
        self.dial_button.clicked.connect(self._on_dial_button_clicked)
        self.offer = QPushButton()
        self.offer.setObjectName("callbackOffer")
        self.offer.setToolTip(self.tr("Call this request back now (Ctrl+Shift+B)"))
        self.offer.setStyleSheet("background: #FFF3E0; font-weight: bold;")
        self.offer.hide()
        self.offer.clicked.connect(self.offer_accepted)
        status.addPermanentWidget(self.offer)
        status.addPermanentWidget(self.outbox_state)
        status.addPermanentWidget(self.registration)
        status.addPermanentWidget(self.library_version)
        self.agent_state.activated.connect(self._on_agent_state_activated)

    # -- what the controller tells the window ---------------------------------------

    def show_pop(self, pop: ScreenPop) -> None:
        self.banner.show_pop(pop)
        self.greeting.show_pop(pop)
        self.caller.show_pop(pop)
        self._answered = False
        self._fold_chosen = False
        self._read.stop()
        self.fold_pop(False)

    # -- the pop folds once the greeting has been read -------------------------------

    def call_answered(self) -> None:
        """The call is answered: the operator reads the greeting out now; once that is
        done (its reading time, or as soon as they open a question or type a search) the
        greeting and the caller card fold to one line each, giving the script the room."""
        self._answered = True
        words = len(self.greeting.text.text().split())
        self._read.start(int(min(20.0, max(4.0, 2.0 + words / 2.5)) * 1000))  # ~150 words/min

    def fold_pop(self, folded: bool) -> None:
        self.greeting.set_collapsed(folded)
        self.caller.set_compact(folded)

    def _on_read_timeout(self) -> None:
        if not self._fold_chosen:
            self.fold_pop(True)

    def _on_operator_moved_on(self, *_: object) -> None:
        if self._answered and not self._fold_chosen and not self.greeting.collapsed:
            self._read.stop()
            self.fold_pop(True)

    def _on_greeting_toggle_requested(self) -> None:
        if not self.greeting.toggle.isEnabled():
            return  # no call: nothing to fold
        self._fold_chosen = True
        self._read.stop()
        self.fold_pop(not self.greeting.collapsed)

    def show_idle(self) -> None:
        self._answered = False
        self._read.stop()
        self.banner.show_idle()
        self.greeting.show_idle()
        self.caller.show_idle()
        self.script.clear()
        self.show_call_time("", 0.0)
        self.waiting.setText("")

    def set_call_controls(self, *, ringing: bool, in_call: bool, held: bool = False) -> None:
        self.answer_action.setEnabled(ringing)
        self.hangup_action.setEnabled(ringing or in_call)
        self.hold_action.setEnabled(in_call)
        self.mute_action.setEnabled(in_call and not held)
        self.transfer_action.setEnabled(in_call)
        self.callback_action.setEnabled(ringing or in_call)
        self.hold_action.blockSignals(True)
        self.hold_action.setChecked(held)
        self.hold_action.blockSignals(False)
        if not in_call:
            self.mute_action.blockSignals(True)
            self.mute_action.setChecked(False)
            self.mute_action.blockSignals(False)

    def show_call_time(self, kind: str, seconds: float) -> None:
        """The call's clock, labelled: ``ringing``/``dialing`` (from the ring or the dial),
        ``talk``/``held`` (from the answer), ``ended`` (the talk time of the call being
        wrapped up), '' (no call)."""
        clock = format_duration(seconds)
        texts = {
            "ringing": (self.tr("Ringing {0}"), self.tr("How long this call has been ringing")),
            "dialing": (self.tr("Calling {0}"), self.tr("How long since the desk dialled")),
            "talk": (self.tr("Talk {0}"), self.tr("Time since you answered this call")),
            "held": (self.tr("Talk {0}"),
                     self.tr("Time since you answered this call; the caller is on hold")),
            "ended": (self.tr("Last call {0}"), self.tr("Talk time of the call you are "
                                                       "wrapping up")),
        }
        text, tip = texts.get(kind, ("", ""))
        self.call_timer.setText(text.format(clock) if text else "")
        self.call_timer.setToolTip(tip)

    def show_agent_state(self, state: AgentState, reason: str, seconds: float,
                         ready_in: float | None = None) -> None:
        """The operator's state and how long it has lasted (for "on a call": since the
        call rang, which is longer than the talk shown by the call's clock)."""
        names = {
            AgentState.READY: self.tr("Ready"),
            AgentState.NOT_READY: self.tr("Not ready: {0}").format(reason),
            AgentState.ON_CALL: self.tr("On a call"),
            AgentState.AFTER_CALL_WORK: self.tr("After-call work"),
        }
        text = self.tr("{0} · {1} in this state").format(names[state], format_duration(seconds))
        if ready_in is not None:
            text += " · " + self.tr("Ready in {0}").format(format_duration(ready_in))
        self.agent_time.setText(text)
        self.agent_time.setToolTip(self.tr("Your state for the call centre, and how long it "
                                           "has lasted"))
        selectable = state in (AgentState.READY, AgentState.NOT_READY)
        self.agent_state.setEnabled(selectable or state is AgentState.AFTER_CALL_WORK)
        index = 0 if state is AgentState.READY else self.agent_state.findData(reason)
        if state in (AgentState.READY, AgentState.NOT_READY) and index >= 0:
            self.agent_state.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    def show_engine_state(self, ok: bool, error: str, host: str, port: int) -> None:
        if ok:
            self.registration.setText(self.tr("SIP: listening on {0}:{1}").format(host, port))
        else:
            self.registration.setText(self.tr("SIP engine failed: {0}").format(error))
            self.registration.setStyleSheet("color: #B71C1C; font-weight: bold;")

    def enable_demo(self, call_now: object) -> None:
        """Demo mode: a button (F9) that makes the demo caller ring this desk now."""
        action = self._action(self.tr("Demo call"), "F9", "demoCallAction")
        action.setToolTip(self.tr("Make the demo caller ring this desk now (F9)"))
        action.triggered.connect(call_now)
        self.findChild(QToolBar, "callToolbar").addAction(action)
        self.demo_action = action

    def show_offer(self, text: str) -> None:
        """The preview dialer's offer: the next due callback, one click to dial it."""
        self.offer.setText(self.tr("Call back: {0}").format(text))
        self.offer.show()

    def hide_offer(self) -> None:
        self.offer.hide()

    def show_audio_problem(self, role: str, wanted: str, using: str | None) -> None:
        roles = {"microphone": self.tr("Microphone"), "headset": self.tr("Headset"),
                 "ringer": self.tr("Ringer")}
        device = wanted or self.tr("the default device")
        if using is None:
            text = self.tr("{0}: no working device ({1}); retrying").format(
                roles.get(role, role), device)
        else:
            text = self.tr("{0} “{1}” is unavailable: using {2}").format(
                roles.get(role, role), device, using or self.tr("the default device"))
        self.show_error(text)

    def show_restored(self, count: int) -> None:
        self.statusBar().showMessage(self.tr("Restored {0} unfinished form(s) from the last "
                                             "session").format(count), 30000)

    def show_callback_saved(self, request_id: str) -> None:
        self.statusBar().showMessage(self.tr("Callback request saved ({0}); it is being sent "
                                             "to the CRM").format(request_id[:8]), 10000)

    def show_outbox(self, counts: dict[str, int]) -> None:
        waiting = counts.get("queued", 0) + counts.get("delivering", 0)
        failed = counts.get("failed", 0)
        text = self.tr("To CRM: {0} waiting").format(waiting) if waiting else ""
        if failed:
            text += (" · " if text else "") + self.tr("{0} FAILED").format(failed)
        self.outbox_state.setText(text)
        self.outbox_state.setStyleSheet("color: #B71C1C; font-weight: bold;" if failed else "")

    def show_library_updated(self, version: str) -> None:
        self.statusBar().showMessage(self.tr("New scripts version {0}: used from the next "
                                             "call").format(version), 30000)

    def show_saved(self, where: str) -> None:
        self.statusBar().showMessage(self.tr("Settings saved to {0}").format(where), 10000)

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage("⚠ " + message, 30000)

    def show_settings_problems(self, count: int) -> None:
        self.statusBar().showMessage(self.tr("Settings have {0} problem(s); see "
                                             "`operator-desk settings check`").format(count), 30000)

    def _on_agent_state_activated(self, index: int) -> None:
        reason = self.agent_state.itemData(index)
        if reason:
            self.not_ready_requested.emit(reason)
        else:
            self.ready_requested.emit()

    def _on_dial_button_clicked(self) -> None:
        if self.dial_field.text().strip():
            self.dial_requested.emit(self.dial_field.text().strip())

    def _on_dialpad_toggled(self, shown: bool) -> None:
        """Open, the pad has the keyboard (digits are tones during a call); closed (Ctrl+D
        again, or Esc) the keyboard is back where it was."""
        if shown:
            self._before_pad = QApplication.focusWidget()
            self.dialpad_dock.show()
            self.dialpad.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.dialpad_dock.hide()
        before = self._before_pad
        if before is not None and _alive(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.script.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_dialpad_closed(self) -> None:
        if self.dialpad_action.isChecked():
            self.dialpad_action.setChecked(False)  # hides it and gives the keyboard back

    def _on_dialpad_digit_pressed(self, digit: str) -> None:
        """During a call the keys send DTMF; otherwise they type into the dial field."""
        if self.hold_action.isEnabled():
            self.dtmf_pressed.emit(digit)
        else:
            self.dial_field.insert(digit)

    def _on_search_action_triggered(self) -> None:
        self.script.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.script.search.selectAll()
