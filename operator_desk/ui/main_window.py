"""The window the operator lives in for a whole shift.

Signals (all user intents; the controller decides what they mean):
    answer_clicked, hangup_clicked, hold_toggled(bool), mute_toggled(bool),
    transfer_clicked, callback_clicked, ready_requested, not_ready_requested(str)
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.agent import NOT_READY_REASONS, AgentState
from operator_desk.core.desk import ScreenPop
from operator_desk.ui.dialogs import WrapUpPanel
from operator_desk.ui.dialpad import DialPadWidget
from operator_desk.ui.pop import BannerWidget, CallerWidget, GreetingWidget
from operator_desk.ui.script_panel import ScriptPanel


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

    def _build_consult_bar(self) -> QWidget:
        """Shown while the operator talks to a specialist before an attended transfer."""
        bar = QWidget()
        bar.setObjectName("consultBar")
        bar.setStyleSheet("QWidget#consultBar { background: #E3F2FD; border-radius: 6px; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 4, 12, 4)
        self.consult_label = QLabel()
        self.consult_label.setObjectName("consultLabel")
        self.complete_transfer = QPushButton(self.tr("Complete transfer"))
        self.complete_transfer.setObjectName("completeTransfer")
        self.back_to_caller = QPushButton(self.tr("Back to the caller"))
        self.back_to_caller.setObjectName("backToCaller")
        row.addWidget(self.consult_label, 1)
        row.addWidget(self.complete_transfer)
        row.addWidget(self.back_to_caller)
        self.complete_transfer.clicked.connect(self.complete_transfer_clicked)
        self.back_to_caller.clicked.connect(self.back_to_caller_clicked)
        bar.hide()
        self.consult_bar = bar
        return bar

    def show_consult(self, text: str, can_complete: bool) -> None:
        self.consult_label.setText(text)
        self.complete_transfer.setEnabled(can_complete)
        self.consult_bar.show()

    def hide_consult(self) -> None:
        self.consult_bar.hide()

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
        bar.addSeparator()
        bar.addAction(self.callbacks_action)
        bar.addAction(self.history_action)
        bar.addAction(self.stats_action)
        bar.addAction(self.settings_action)
        self.call_timer = QLabel()
        self.call_timer.setObjectName("callTimer")
        self.call_timer.setContentsMargins(8, 0, 8, 0)
        font = self.call_timer.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.call_timer.setFont(font)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.waiting = QLabel()
        self.waiting.setObjectName("callWaiting")
        self.waiting.setStyleSheet("color: #E65100; font-weight: bold; padding: 0 12px;")
        bar.addWidget(self.waiting)
        bar.addWidget(self.call_timer)
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
        self.dialpad = DialPadWidget(self)
        self.dialpad.setWindowFlags(Qt.WindowType.Tool)
        self.dialpad.setWindowTitle(self.tr("Dial pad"))
        self.dialpad_action.toggled.connect(self._on_dialpad_toggled)
        self.dialpad.digit_pressed.connect(self._on_dialpad_digit_pressed)
        self.script.transfer_requested.connect(self.transfer_clicked)
        self.script.callback_requested.connect(self.callback_clicked)

    def _build_status_bar(self) -> None:
        status = QStatusBar()
        self.setStatusBar(status)
        self.agent_state = QComboBox()
        self.agent_state.setObjectName("agentState")
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
        self.dial_field.setPlaceholderText(self.tr("Number to call"))
        self.dial_field.setClearButtonEnabled(True)
        self.dial_field.setMaximumWidth(220)
        self.dial_button = QPushButton(self.tr("Call"))
        self.dial_button.setObjectName("dialButton")
        status.addWidget(self.agent_state)
        status.addWidget(self.agent_time)
        status.addWidget(self.dial_field)
        status.addWidget(self.dial_button)
        self.dial_field.returnPressed.connect(self._on_dial_button_clicked)
        self.dial_button.clicked.connect(self._on_dial_button_clicked)
        self.offer = QPushButton()
        self.offer.setObjectName("callbackOffer")
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

    def show_idle(self) -> None:
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
            "held": (self.tr("Talk {0} · on hold"),
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
        self.dialpad.setVisible(shown)

    def _on_dialpad_digit_pressed(self, digit: str) -> None:
        """During a call the keys send DTMF; otherwise they type into the dial field."""
        if self.hold_action.isEnabled():
            self.dtmf_pressed.emit(digit)
        else:
            self.dial_field.insert(digit)

    def _on_search_action_triggered(self) -> None:
        self.script.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.script.search.selectAll()
