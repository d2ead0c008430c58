"""Wires the SIP engine's events, the core's decisions and the window together.

The controller holds no business rules of its own: who gets which greeting, whether a
call rings or is rejected, which state the operator is in are decided by the core
(:mod:`operator_desk.core.desk`, :mod:`operator_desk.core.agent`); the controller passes
data between them, the engine bridge and the widgets.

Signals:
    pop_painted(str, object): the screen-pop of a call was painted (SIP Call-ID, wall ns).
    call_finished(str): a call ended (SIP Call-ID).
    callback_submitted(object): a :class:`CallbackSubmission` to save and deliver.
    callback_edited(str, str, dict): Call-ID, tenant id and values of a callback form
        being typed (for the crash-safe draft).
    pop_shown(object): a :class:`ScreenPop` was shown (for the CRM lookup).
    node_opened(str, str): Call-ID and the script question the operator opened.
    wrap_up_edited(str, str, str): Call-ID, wrap-up code, note changed (draft).
    wrap_up_done(str, str, str): Call-ID, wrap-up code, note: the wrap-up is final.
    script_gap(object): a :class:`ScriptGap`: the caller asked what the script lacks.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from operator_desk.core.agent import Agent, AgentState, IncomingPolicy, Offer, decide_incoming
from operator_desk.core.calls import (
    AudioDeviceProblem,
    CallEnded,
    CallState,
    CallStateChanged,
    EndReason,
    EngineError,
    IncomingCall,
    OutgoingCall,
    RegistrationChanged,
    TransferProgress,
)
from operator_desk.core.desk import Desk, ScreenPop
from operator_desk.core.dialplan import DialError, dial_uri
from operator_desk.core.forms import callback_prefill, normalised_phone, transfer_targets
from operator_desk.core.greeting import CallContext, template_variables
from operator_desk.core.library import Library
from operator_desk.ui.dialogs import CallbackForm, TransferDialog
from operator_desk.ui.main_window import DeskWindow, format_duration

log = logging.getLogger(__name__)


class EngineBridge(Protocol):
    """What the controller needs of :class:`operator_desk.sip.qt_bridge.SipBridge`."""

    @property
    def event_received(self) -> SignalInstance: ...
    def answer(self, engine_call: int) -> None: ...
    def reject(self, engine_call: int, code: int | None = None) -> None: ...
    def hangup(self, engine_call: int) -> None: ...
    def hold(self, engine_call: int) -> None: ...
    def unhold(self, engine_call: int) -> None: ...
    def send_dtmf(self, engine_call: int, digits: str) -> None: ...
    def transfer_blind(self, engine_call: int, target: str) -> None: ...
    def make_call(self, uri: str) -> None: ...
    def mute(self, engine_call: int, muted: bool) -> None: ...
    def consult(self, engine_call: int, target: str) -> None: ...
    def transfer_attended(self, engine_call: int, consult_call: int) -> None: ...
    def return_to_caller(self, consult_call: int) -> None: ...


@dataclass(frozen=True, slots=True)
class CallbackSubmission:
    """A callback request as the operator submitted it, with where it came from."""

    call_id: str
    tenant_id: str
    number: str
    """Normalised, e.g. ``+79161234567``."""
    name: str
    fields: dict[str, str]
    question_id: str
    library_version: str


@dataclass(frozen=True, slots=True)
class ScriptGap:
    """The caller asked something the script has no ready answer for."""

    call_id: str
    tenant_id: str
    question_id: str
    """Where in the script the operator was ('' at the top)."""
    search_text: str
    """What the operator typed in the search box, if anything."""
    library_version: str


@dataclass(slots=True)
class ActiveCall:
    engine_call: int
    call_id: str
    pop: ScreenPop | None
    state: CallState = CallState.RINGING
    answered_at: float | None = None
    visited: list[str] = field(default_factory=list)
    outgoing: bool = False
    rang_at: float = 0.0
    """The controller's clock when the call reached the desk (rang, or was dialled)."""
    ended_at: float | None = None


class DeskController(QObject):
    pop_painted = Signal(str, object)
    call_finished = Signal(str)
    callback_submitted = Signal(object)
    callback_edited = Signal(str, str, dict)
    pop_shown = Signal(object)
    node_opened = Signal(str, str)
    rejected_not_ready = Signal(str, str)
    became_ready = Signal()
    ringing_changed = Signal(bool)
    """True when an incoming call starts ringing for the operator, False when it stops."""
    wrap_up_edited = Signal(str, str, str)
    wrap_up_done = Signal(str, str, str)
    script_gap = Signal(object)
    tenants_prepared = Signal()
    """The tenants most likely to ring are prepared (their scripts read); rings until the
    next library or preparation run find them ready."""

    def __init__(self, desk: Desk, window: DeskWindow, bridge: EngineBridge,
                 policy: IncomingPolicy | None = None, agent: Agent | None = None,
                 auto_ready_s: float = 30.0, dial_domain: str = "",
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.desk = desk
        self.window = window
        self.bridge = bridge
        self.policy = policy or IncomingPolicy()
        self.clock = clock
        """One clock for the call timer, the ring timer and the operator's state."""
        self.agent = agent or Agent(clock)
        self.auto_ready_s = auto_ready_s
        self.dial_domain = dial_domain
        self._dialing: dict[str, tuple[str, str]] = {}
        """URI -> (number as typed, tenant id) of calls asked for, until OutgoingCall."""
        self.calls: dict[int, ActiveCall] = {}
        self.current: ActiveCall | None = None
        self.last_ended: ActiveCall | None = None
        """The call being wrapped up."""
        self.callback_form: CallbackForm | None = None
        self.consult_call: ActiveCall | None = None
        """The call to a specialist the operator makes before an attended transfer."""
        self._transfer_target = ""
        self._pending_library: Library | None = None
        """A new scripts library that arrived during a call, applied when it ends."""
        self._to_prepare: deque[str] = deque()
        self._busiest: tuple[str, ...] = ()
        self._preparing = QTimer(self)
        self._preparing.setInterval(0)
        self._preparing.timeout.connect(self._on_preparing_timeout)
        self.transfer_dialog: TransferDialog | None = None
        self._painting: str = ""

        bridge.event_received.connect(self._on_bridge_event_received)
        window.answer_clicked.connect(self.answer)
        window.hangup_clicked.connect(self.hangup)
        window.hold_toggled.connect(self._on_window_hold_toggled)
        window.mute_toggled.connect(self._on_window_mute_toggled)
        window.ready_requested.connect(self.go_ready)
        window.not_ready_requested.connect(self.go_not_ready)
        window.greeting.painted.connect(self._on_greeting_painted)
        window.script.question_opened.connect(self._on_script_question_opened)
        window.transfer_clicked.connect(self.open_transfer)
        window.callback_clicked.connect(self.open_callback)
        window.script.no_answer_requested.connect(self._on_script_no_answer_requested)
        window.wrap_up.edited.connect(self._on_wrap_up_edited)
        window.wrap_up.done.connect(self._on_wrap_up_done)
        window.dial_requested.connect(self.dial)
        window.dtmf_pressed.connect(self._on_window_dtmf_pressed)
        window.complete_transfer_clicked.connect(self.complete_transfer)
        window.back_to_caller_clicked.connect(self.back_to_caller)
        window.swap_clicked.connect(self.swap)
        window.library_version.setText(
            self.tr("Scripts {0}").format(desk.library.settings.version))
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._tick.start()
        self._refresh_agent()

    # -- preparing -------------------------------------------------------------------

    def prepare_tenants(self, busiest: Iterable[str] = ()) -> None:
        """Load the scripts, search indexes and tree models of the tenants most likely to
        ring (``busiest`` first, up to the desk's limit) before calls arrive: one tenant
        per turn of the event loop, so the window answers clicks and rings meanwhile (a
        tenant that rings before its turn is prepared on the ring)."""
        self._busiest = tuple(busiest)
        self._to_prepare = deque(self.desk.preparation_order(self._busiest))
        self._preparing.start()

    @property
    def busiest(self) -> tuple[str, ...]:
        """The tenants prepared first, busiest first (as last given to prepare_tenants)."""
        return self._busiest

    @property
    def preparing(self) -> bool:
        return self._preparing.isActive()

    @Slot()
    def _on_preparing_timeout(self) -> None:
        while self._to_prepare:
            tenant_id = self._to_prepare.popleft()
            if not self.desk.is_prepared(tenant_id):
                self.window.script.prepare(self.desk.prepare(tenant_id), self.desk.operator.group)
                self.window.script.keep_only(self.desk.prepared_ids)
                return  # the next one on the next turn
        self._preparing.stop()
        self.tenants_prepared.emit()

    def replace_library(self, library: Library) -> None:
        """Use a newly synced scripts library; during a call, once the calls are over."""
        if self.calls:
            self._pending_library = library
            return
        self._pending_library = None
        self.desk.replace_library(library)
        self.window.script.forget_prepared()
        self.prepare_tenants(self._busiest)
        self.window.library_version.setText(
            self.tr("Scripts {0}").format(library.settings.version))

    # -- engine events ---------------------------------------------------------------

    @Slot(object)
    def _on_bridge_event_received(self, event: object) -> None:
        if isinstance(event, IncomingCall):
            self._on_incoming(event)
        elif isinstance(event, OutgoingCall) and event.consult_for is not None:
            self.consult_call = ActiveCall(event.engine_call, event.call_id, None,
                                           CallState.DIALING, outgoing=True,
                                           rang_at=self.clock())
            self.calls[event.engine_call] = self.consult_call
            self._show_consult_state()
        elif isinstance(event, TransferProgress):
            self._on_transfer_progress(event)
        elif isinstance(event, OutgoingCall):
            number, tenant_id = self._dialing.pop(event.uri, (event.uri, ""))
            pop = self.desk.pop_for_outgoing(event, number, tenant_id)
            call = ActiveCall(event.engine_call, event.call_id, pop, CallState.DIALING,
                              outgoing=True, rang_at=self.clock())
            self.calls[event.engine_call] = call
            self._show(call)
            self.window.set_call_controls(ringing=False, in_call=False)
            self.window.hangup_action.setEnabled(True)
            self.window.banner.set_status(self.tr("Calling…"))
        elif isinstance(event, CallStateChanged):
            self._on_state_changed(event)
        elif isinstance(event, CallEnded):
            self._on_ended(event)
        elif isinstance(event, AudioDeviceProblem):
            self.window.show_audio_problem(event.role, event.wanted, event.using)
        elif isinstance(event, EngineError):
            self.window.show_error(self.tr("SIP engine: {0}").format(event.message))
        elif isinstance(event, RegistrationChanged):
            text = (self.tr("SIP: registered") if event.registered
                    else self.tr("SIP: not registered ({0} {1})").format(event.code, event.reason))
            self.window.registration.setText(text)

    def _on_incoming(self, event: IncomingCall) -> None:
        offer, code = decide_incoming(self.agent.state, len(self.calls), self.policy)
        if offer is Offer.REJECT:
            log.info("rejecting call %s with %d (agent %s)", event.call_id, code,
                     self.agent.state.value)
            self.bridge.reject(event.engine_call, code)
            if self.agent.state is AgentState.NOT_READY:
                self.rejected_not_ready.emit(event.call_id, self.agent.status.reason)
            return
        pop = self.desk.pop_for(event)
        call = ActiveCall(event.engine_call, event.call_id, pop, rang_at=self.clock())
        self.calls[event.engine_call] = call
        if offer is Offer.WAITING:
            self._show_waiting(call, 0.0)
            return
        self._show(call)
        if self.policy.auto_answer:
            self.bridge.answer(call.engine_call)
        else:
            self.ringing_changed.emit(True)

    def _show(self, call: ActiveCall) -> None:
        assert call.pop is not None
        self.current = call
        self._painting = call.call_id
        self.window.wrap_up.hide()
        pop = call.pop
        self.window.show_pop(pop)
        group = self.desk.operator.group
        self.window.script.show_tenant(pop.prepared, group, lambda: self._variables(pop))
        self.window.script.keep_only(self.desk.prepared_ids)
        self.window.set_call_controls(ringing=True, in_call=False)
        self.window.banner.set_status("")  # the call's clock says "Ringing 0:05"
        self.pop_shown.emit(pop)
        if self.agent.can_go(AgentState.ON_CALL):
            self.agent.go(AgentState.ON_CALL)
        self._refresh_agent()

    def _variables(self, pop: ScreenPop) -> dict[str, object]:
        ctx = CallContext(at=datetime.now(UTC), operator_name=self.desk.operator.name,
                          operator_group=self.desk.operator.group, caller_name=pop.caller_name,
                          caller_number=pop.caller_number, ivr=pop.ivr.template_fields())
        tenant = pop.tenant
        if tenant is None:
            return template_variables("", "", "ru", "Europe/Moscow", ctx)
        return template_variables(tenant.id, tenant.name, tenant.languages[0], tenant.timezone,
                                  ctx)

    def _on_state_changed(self, event: CallStateChanged) -> None:
        call = self.calls.get(event.engine_call)
        if call is None:
            return
        call.state = event.new
        if call is self.current and event.old is CallState.RINGING:
            self.ringing_changed.emit(False)
        if call is self.consult_call:
            self._show_consult_state()
            return
        if event.new is CallState.ACTIVE and call.answered_at is None:
            call.answered_at = self.clock()
            if call is self.current:
                self.window.call_answered()
                if not call.outgoing:
                    self.window.caller.show_ring(call.answered_at - call.rang_at,
                                                 answered=True)
        if call is self.current:
            in_call = event.new in (CallState.ACTIVE, CallState.HELD, CallState.CONNECTING)
            self.window.set_call_controls(ringing=event.new is CallState.RINGING, in_call=in_call,
                                          held=event.new is CallState.HELD)
            # Ringing and talking: the call's clock beside it says so ("Talk 01:23").
            labels = {CallState.RINGING: "", CallState.ACTIVE: "",
                      CallState.HELD: self.tr("On hold"),
                      CallState.CONNECTING: self.tr("Connecting…")}
            self.window.banner.set_status(labels.get(event.new, ""))
            self._refresh_agent()
            if self.consult_call is not None:
                self._show_consult_state()

    def _on_ended(self, event: CallEnded) -> None:
        call = self.calls.pop(event.engine_call, None)
        if call is None:
            return
        if call is self.consult_call:
            self.consult_call = None
            self.window.hide_consult()
            if event.reason is not EndReason.TRANSFERRED:
                self.window.banner.set_status(self.tr("Back with the caller"))
            return
        self.call_finished.emit(call.call_id)
        if not self.calls and self._pending_library is not None and call is not self.current:
            self.replace_library(self._pending_library)
        if call is not self.current:
            if not any(c is not self.current for c in self.calls.values()):
                self.window.waiting.setText("")
            return
        if call.state is CallState.RINGING:
            self.ringing_changed.emit(False)
        call.ended_at = self.clock()
        self.current = None
        self.last_ended = call
        self.window.set_call_controls(ringing=False, in_call=False)
        self.window.banner.set_status(self.tr("Call ended"))
        if self.agent.state is AgentState.ON_CALL and call.answered_at is None \
                and not call.outgoing:
            self.agent.go(AgentState.READY)  # missed: nothing to wrap up
            self.window.show_idle()
        elif self.agent.state is AgentState.ON_CALL:
            self.agent.go(AgentState.AFTER_CALL_WORK)
            tenant = call.pop.tenant if call.pop else None
            self.window.wrap_up.start(
                self.tr("After-call work: {0}").format(tenant.name if tenant else ""),
                tenant.wrapup_codes if tenant else (),
                required=tenant.wrapup_required if tenant else False,
                company=tenant.name if tenant else "")
        self._refresh_agent()
        if not self.calls and self._pending_library is not None:
            self.replace_library(self._pending_library)
        waiting = next(iter(self.calls.values()), None)
        if waiting is not None and waiting.pop is not None:
            self.window.waiting.setText("")
            self._show(waiting)

    # -- operator commands -----------------------------------------------------------

    @Slot()
    def answer(self) -> None:
        if self.current is not None and self.current.state is CallState.RINGING:
            self.bridge.answer(self.current.engine_call)

    @Slot()
    def hangup(self) -> None:
        if self.current is not None:
            self.bridge.hangup(self.current.engine_call)

    @Slot(bool)
    def _on_window_hold_toggled(self, hold: bool) -> None:
        if self.current is None:
            return
        if hold:
            self.bridge.hold(self.current.engine_call)
        else:
            self.bridge.unhold(self.current.engine_call)

    @Slot(str)
    def dial(self, number: str, tenant_id: str = "") -> None:
        """Place an outbound call (click-to-dial, or a callback for ``tenant_id``)."""
        if self.current is not None:
            self.window.show_error(self.tr("Finish the current call first"))
            return
        try:
            uri = dial_uri(number, self.dial_domain, self.desk.library.settings.default_region)
        except DialError as exc:
            self.window.show_error(self.tr("Cannot dial: {0}").format(exc))
            return
        self._dialing[uri] = (number, tenant_id)
        self.bridge.make_call(uri)
        self.window.dial_field.clear()

    @Slot(str)
    def _on_window_dtmf_pressed(self, digit: str) -> None:
        if self.current is not None:
            self.bridge.send_dtmf(self.current.engine_call, digit)

    @Slot()
    def open_transfer(self) -> None:
        call = self.current
        if call is None or call.pop is None or call.pop.tenant is None:
            return
        targets = transfer_targets(call.pop.tenant, datetime.now(UTC),
                                   self.window.script.current_question)
        dialog = TransferDialog(targets, self.window)
        dialog.transfer_chosen.connect(self._on_transfer_chosen)
        dialog.callback_requested.connect(self.open_callback)
        self.transfer_dialog = dialog
        dialog.open()

    @Slot(str, bool)
    def _on_transfer_chosen(self, entry_id: str, consult: bool) -> None:
        call = self.current
        if call is None or call.pop is None or call.pop.tenant is None:
            return
        entry = call.pop.tenant.directory_entry(entry_id)
        if entry is None:
            return
        try:
            uri = dial_uri(entry.target, self.dial_domain,
                           self.desk.library.settings.default_region)
        except DialError as exc:
            self.window.show_error(self.tr("Cannot transfer: {0}").format(exc))
            return
        self._transfer_target = entry.name
        if consult:
            self.bridge.consult(call.engine_call, uri)
        else:
            self.bridge.transfer_blind(call.engine_call, uri)
        self.window.banner.set_status(self.tr("Transferring to {0}…").format(entry.name))

    @Slot()
    def complete_transfer(self) -> None:
        if self.current is not None and self.consult_call is not None:
            self.bridge.transfer_attended(self.current.engine_call, self.consult_call.engine_call)
            self.window.show_consult(self.tr("Connecting the caller to {0}…").format(
                self._transfer_target), can_complete=False)

    @Slot()
    def back_to_caller(self) -> None:
        if self.consult_call is not None:
            self.bridge.return_to_caller(self.consult_call.engine_call)

    @Slot()
    def swap(self) -> None:
        """Talk to the other one: the caller or the specialist; the other waits on hold."""
        consult, caller = self.consult_call, self.current
        if consult is None or caller is None:
            return
        if consult.state is CallState.ACTIVE and caller.state is CallState.HELD:
            self.bridge.hold(consult.engine_call)
            self.bridge.unhold(caller.engine_call)
        elif caller.state is CallState.ACTIVE and consult.state is CallState.HELD:
            self.bridge.hold(caller.engine_call)
            self.bridge.unhold(consult.engine_call)

    def _show_consult_state(self) -> None:
        """The consult bar: who the operator talks to and who waits on hold."""
        consult, caller = self.consult_call, self.current
        if consult is None:
            return
        name = self._transfer_target
        if consult.state is CallState.DIALING:
            self.window.show_consult(self.tr("Calling {0}… the caller is on hold").format(name),
                                     can_complete=False)
        elif consult.state is CallState.ACTIVE:  # the engine holds the caller meanwhile
            self.window.show_consult(
                self.tr("Consulting {0}; the caller is on hold").format(name),
                can_complete=True, can_swap=caller is not None and caller.state is CallState.HELD,
                swap_text=self.tr("Swap: talk to the caller"))
        elif consult.state is CallState.HELD and caller is not None \
                and caller.state is CallState.ACTIVE:
            self.window.show_consult(
                self.tr("Talking to the caller; {0} is on hold").format(name),
                can_complete=True, can_swap=True,
                swap_text=self.tr("Swap: back to {0}").format(name))

    def _on_transfer_progress(self, event: TransferProgress) -> None:
        if not event.final:
            return
        if event.ok:
            self.window.banner.set_status(self.tr("Transferred to {0}").format(
                self._transfer_target or event.target))
        else:
            why = event.reason or (str(event.code) if event.code else "")
            self.window.banner.set_status(self.tr("Transfer failed"))
            self.window.show_error(self.tr("The transfer to {0} failed ({1}); the caller is "
                                           "still with you").format(
                self._transfer_target or event.target, why))

    @Slot()
    def open_callback(self) -> None:
        call = self.current or self.last_ended
        if call is None or call.pop is None or call.pop.tenant is None:
            return
        pop = call.pop
        tenant = pop.tenant
        assert tenant is not None
        question = self.window.script.current_question
        values = callback_prefill(tenant.callback_fields, caller_name=pop.caller_name,
                                  caller_number=pop.caller_number, question=question,
                                  ivr=pop.ivr.template_fields())
        self.show_callback_form(call.call_id, tenant.id, values, question.id if question else "")

    def show_callback_form(self, call_id: str, tenant_id: str, values: dict[str, str],
                           question_id: str = "") -> None:
        """The callback form for a tenant with these values (also for a restored draft)."""
        tenant = self.desk.library.tenants.get(tenant_id)
        if tenant is None:
            return
        form = CallbackForm(tenant.name, tenant.callback_fields, values,
                            self.desk.library.settings.default_region, self.window)
        form.edited.connect(
            lambda v, cid=call_id, tid=tenant_id: self.callback_edited.emit(cid, tid, v))
        form.submitted.connect(
            lambda v, cid=call_id, tid=tenant_id, q=question_id: self._submit_callback(
                cid, tid, v, q))
        self.callback_form = form
        form.open()

    def _submit_callback(self, call_id: str, tenant_id: str, values: dict[str, str],
                         question_id: str) -> None:
        tenant = self.desk.library.tenant(tenant_id)
        region = self.desk.library.settings.default_region
        phone_field = next((f.id for f in tenant.callback_fields if f.type == "phone"), "")
        number = normalised_phone(values.get(phone_field, ""), region)
        name_field = next((f.id for f in tenant.callback_fields if f.prefill == "caller.name"), "")
        self.callback_submitted.emit(CallbackSubmission(
            call_id, tenant.id, number, values.get(name_field, ""), dict(values),
            question_id, self.desk.library.settings.version))

    @Slot(str)
    def _on_script_no_answer_requested(self, question_id: str) -> None:
        call = self.current or self.last_ended
        if call is None or call.pop is None or call.pop.tenant is None:
            return
        self.script_gap.emit(ScriptGap(call.call_id, call.pop.tenant.id, question_id,
                                       self.window.script.search.text(),
                                       self.desk.library.settings.version))
        if self.current is not None and self.current.state in (CallState.ACTIVE, CallState.HELD):
            self.open_transfer()
        else:
            self.open_callback()

    @Slot(str, str)
    def _on_wrap_up_edited(self, code: str, note: str) -> None:
        if self.last_ended is not None:
            self.wrap_up_edited.emit(self.last_ended.call_id, code, note)

    @Slot(str, str)
    def _on_wrap_up_done(self, code: str, note: str) -> None:
        if self.last_ended is not None:
            self.wrap_up_done.emit(self.last_ended.call_id, code, note)
            self.last_ended = None
        self.go_ready()

    @Slot(bool)
    def _on_window_mute_toggled(self, muted: bool) -> None:
        if self.current is not None:
            self.bridge.mute(self.current.engine_call, muted)

    @Slot()
    def go_ready(self) -> None:
        if self.agent.can_go(AgentState.READY):
            self.agent.go(AgentState.READY)
            if self.current is None:
                self.window.show_idle()
            self.became_ready.emit()
        self._refresh_agent()

    @Slot(str)
    def go_not_ready(self, reason: str) -> None:
        if self.agent.can_go(AgentState.NOT_READY) or self.agent.state is AgentState.NOT_READY:
            self.agent.go(AgentState.NOT_READY, reason)
        self._refresh_agent()

    # -- bookkeeping -----------------------------------------------------------------

    @Slot()
    def _on_greeting_painted(self) -> None:
        if self._painting:
            self.pop_painted.emit(self._painting, time.time_ns())
            self._painting = ""

    @Slot(str)
    def _on_script_question_opened(self, question_id: str) -> None:
        if self.current is not None:
            self.current.visited.append(question_id)
            self.node_opened.emit(self.current.call_id, question_id)

    @Slot()
    def _on_tick_timeout(self) -> None:
        if (self.agent.state is AgentState.AFTER_CALL_WORK and self.auto_ready_s >= 0
                and self.agent.seconds_in_state() >= self.auto_ready_s):
            self.go_ready()
        self._refresh_agent()

    def _show_waiting(self, call: ActiveCall, seconds: float) -> None:
        """The second call, and how long it has been waiting."""
        pop = call.pop
        name = (pop.tenant.name if pop.tenant else pop.route.dialed) if pop else ""
        self.window.waiting.setText(self.tr("Call waiting: {0} · {1}").format(
            name, format_duration(seconds)))

    def _refresh_agent(self) -> None:
        """The two clocks, read at one instant: the call's (from the answer) and the
        operator's state's (from when it began: for "on a call", the ring)."""
        now = self.clock()
        status = self.agent.status
        in_state = self.agent.seconds_in_state()
        ready_in = None
        if status.state is AgentState.AFTER_CALL_WORK and self.auto_ready_s >= 0:
            ready_in = max(0.0, self.auto_ready_s - in_state)
        self.window.show_agent_state(status.state, status.reason, in_state, ready_in)
        waiting = next((c for c in self.calls.values()
                        if c is not self.current and c is not self.consult_call), None)
        if waiting is not None and self.current is not None:
            self._show_waiting(waiting, now - waiting.rang_at)
        call = self.current
        if call is None:
            ended = self.last_ended
            if (ended is not None and ended.answered_at is not None and ended.ended_at is not None
                    and status.state is AgentState.AFTER_CALL_WORK):
                self.window.show_call_time("ended", ended.ended_at - ended.answered_at)
            else:
                self.window.show_call_time("", 0.0)
        elif call.answered_at is not None:
            kind = "held" if call.state is CallState.HELD else "talk"
            self.window.show_call_time(kind, now - call.answered_at)
        else:
            kind = "dialing" if call.outgoing else "ringing"
            self.window.show_call_time(kind, now - call.rang_at)
            if not call.outgoing:
                self.window.caller.show_ring(now - call.rang_at, answered=False)
