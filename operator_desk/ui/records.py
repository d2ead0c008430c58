"""Connects the desk to its records: drafts, callbacks, wrap-ups, script gaps, CRM cards,
the shift's history and statistics.

Everything the operator types is saved as a draft on every change and comes back after
a crash; a submitted callback is written locally before anything else and the outbox
delivers it. Results of background work (CRM lookups, deliveries) arrive on worker
threads and reach the GUI only through :func:`operator_desk.ui.background.on_gui_thread`:
:meth:`DeskRecords.show_delivery` is what the outbox is given, wrapped so.

The desk stamps its last moment alive every few seconds; on start, the calls a crash left
open are closed as interrupted at that moment. On a call floor (:meth:`DeskRecords.attach_floor`)
the work list and the preview dialer take the floor's callbacks
(:class:`operator_desk.ui.floor_work.FloorWork`).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from operator_desk.core.caller_history import (
    LOOK_BACK_DAYS,
    CallerHistorySource,
    PastCall,
    gather,
    repeat_caller,
)
from operator_desk.core.desk import ScreenPop
from operator_desk.storage.alive import EVERY_S, LastAlive
from operator_desk.storage.callbacks import AttemptOutcome, CallbackRequest, Callbacks, RetryPolicy
from operator_desk.storage.db import Database, StorageError
from operator_desk.storage.drafts import Drafts, draft_key
from operator_desk.storage.outbox import OutboxQueue
from operator_desk.storage.records import CallRecords
from operator_desk.ui.background import on_gui_thread
from operator_desk.ui.controller import CallbackSubmission, DeskController, ScriptGap
from operator_desk.ui.worklist import AttemptOutcomeDialog, CallbackListDialog

log = logging.getLogger(__name__)

CALLBACK_DRAFT = "callback"
WRAPUP_DRAFT = "wrapup"
SHIFT_NS = 12 * 3600 * 10**9
"""The history and statistics look this far back (a shift, generously)."""


class DeskRecords(QObject):
    """``crm`` looks callers up (:class:`services.crm.LookupService`), ``outbox`` delivers
    (:class:`services.outbox.OutboxWorker`); both may be None, and be set after."""

    def __init__(self, db: Database, controller: DeskController, crm: Any = None,
                 outbox: Any = None, preview_dialer: bool = False) -> None:
        super().__init__(controller)
        self.db = db
        self.controller = controller
        self.window = controller.window
        self.crm = crm
        self.outbox = outbox
        self.records = CallRecords(db.conn, region=controller.desk.library.settings.default_region)
        self.alive = LastAlive(db.conn)
        # Before the engine takes a call: close what the last run left going on.
        self.records.close_interrupted(self.alive.last())
        self.alive.stamp()
        self._alive_timer = QTimer(self)
        self._alive_timer.setInterval(int(EVERY_S * 1000))
        self._alive_timer.timeout.connect(self._on_alive_timer_timeout)
        self._alive_timer.start()
        self.history_sources: list[CallerHistorySource] = [self.records]
        """Where the caller card looks for earlier calls: this desk's records; the call
        floor's join them when the desk is on one."""
        self._shown: ScreenPop | None = None
        self.drafts = Drafts(db.conn)
        operator = controller.desk.operator
        self.callbacks = Callbacks(db.conn, on_enqueued=self._wake_outbox, policy_of=self._retry_policy,
                                   operator=(operator.name, operator.group))
        self.floor_work: Any = None
        """The floor's work list and claims (:class:`FloorWork`) when the desk is on a floor."""
        self.queue = OutboxQueue(db.conn)
        self._crm_call = ""
        self.preview_dialer = preview_dialer
        self._dialing_callback: CallbackRequest | None = None
        self._callback_calls: dict[str, CallbackRequest] = {}
        """Call-ID of an outgoing callback call -> the request it works on."""
        self._offered: CallbackRequest | None = None
        self.list_dialog: CallbackListDialog | None = None
        self.outcome_dialog: AttemptOutcomeDialog | None = None
        controller.callback_edited.connect(self._on_controller_callback_edited)
        controller.callback_submitted.connect(self._on_controller_callback_submitted)
        controller.wrap_up_edited.connect(self._on_controller_wrap_up_edited)
        controller.wrap_up_done.connect(self._on_controller_wrap_up_done)
        controller.script_gap.connect(self._on_controller_script_gap)
        controller.node_opened.connect(self._on_controller_node_opened)
        controller.pop_shown.connect(self._on_controller_pop_shown)
        controller.pop_painted.connect(self._on_controller_pop_painted)
        controller.call_finished.connect(self._on_controller_call_finished)
        controller.became_ready.connect(self._on_controller_became_ready)
        controller.rejected_not_ready.connect(self.records.mark_rejected_not_ready)
        self.window.callbacks_requested.connect(self.open_callback_list)
        self.window.history_requested.connect(self.open_history)
        self.window.stats_requested.connect(self.open_statistics)
        self.window.offer_accepted.connect(self._on_window_offer_accepted)
        self._crm_result_arrived = on_gui_thread(self._on_crm_result_arrived)

    @Slot()
    def _on_alive_timer_timeout(self) -> None:
        try:
            self.alive.stamp()
        except sqlite3.Error as exc:  # a full disk must not take the desk down
            log.warning("cannot stamp the last moment alive: %s", exc)

    def _retry_policy(self, tenant_id: str) -> RetryPolicy:
        tenant = self.controller.desk.library.tenants.get(tenant_id)
        if tenant is None:
            return RetryPolicy()
        p = tenant.callback_policy
        return RetryPolicy(no_answer_delay_s=p.no_answer_minutes * 60.0, busy_delay_s=p.busy_minutes * 60.0,
                           max_attempts=p.max_attempts, reached_delay_s=p.reached_minutes * 60.0)

    def attach_floor(self, floor: Any) -> None:
        """Work on the call floor through ``floor`` (a :class:`services.floor_sync.FloorDesk`)."""
        from operator_desk.ui.floor_work import FloorWork

        self.floor_work = FloorWork(floor, self.controller, self.callbacks, self._dial_request)
        self.floor_work.queue_changed.connect(self._on_floor_work_queue_changed)

    @Slot()
    def _on_floor_work_queue_changed(self) -> None:
        """A callback appeared (or came free) on the floor: an idle Ready operator gets it offered."""
        work = self.floor_work
        if (self.preview_dialer and work is not None and work.offered is None
                and self.controller.current is None and self.controller.agent.accepts_calls):
            self._on_controller_became_ready()

    # -- drafts ----------------------------------------------------------------------

    @Slot(str, str, dict)
    def _on_controller_callback_edited(self, call_id: str, tenant_id: str,
                                       values: dict[str, str]) -> None:
        self.drafts.save(draft_key(CALLBACK_DRAFT, call_id),
                         {**values, "_tenant": tenant_id, "_call": call_id})

    @Slot(str, str, str)
    def _on_controller_wrap_up_edited(self, call_id: str, code: str, note: str) -> None:
        self.drafts.save(draft_key(WRAPUP_DRAFT, call_id), {"code": code, "note": note})

    def restore_drafts(self) -> int:
        """Bring back what a crash interrupted; returns how many drafts were restored."""
        restored = 0
        for draft in self.drafts.all(WRAPUP_DRAFT):
            call_id = draft.key.partition(":")[2]
            data = dict(draft.data)
            if self.records.get(call_id) is not None:
                self.records.wrap_up(call_id, data.get("code", ""), data.get("note", ""))
            self.drafts.delete(draft.key)
            restored += 1
        for draft in self.drafts.all(CALLBACK_DRAFT):
            data = dict(draft.data)
            tenant_id = data.pop("_tenant", "")
            call_id = data.pop("_call", draft.key.partition(":")[2])
            if tenant_id in self.controller.desk.library.tenants:
                self.controller.show_callback_form(call_id, tenant_id, data)
                restored += 1
                break  # one form at a time; the next comes back on the next start
        if restored:
            self.window.show_restored(restored)
        return restored

    # -- final records ----------------------------------------------------------------

    @Slot(object)
    def _on_controller_callback_submitted(self, submission: CallbackSubmission) -> None:
        try:
            request = self.callbacks.submit(
                submission.tenant_id, submission.number, name=submission.name,
                fields={**submission.fields, "question": submission.question_id,
                        "library_version": submission.library_version},
                call_id=submission.call_id,
                draft_key=draft_key(CALLBACK_DRAFT, submission.call_id))
        except StorageError as exc:  # the disk or the database; a bug goes to the crash dialog
            log.error("callback not saved: %s", exc)
            self.window.show_error(self.tr("The callback request was NOT saved: {0}. "
                                           "It is kept as a draft.").format(exc))
            return
        self.window.show_callback_saved(request.id)

    @Slot(str, str, str)
    def _on_controller_wrap_up_done(self, call_id: str, code: str, note: str) -> None:
        self.records.wrap_up(call_id, code, note)
        self.drafts.delete(draft_key(WRAPUP_DRAFT, call_id))

    @Slot(object)
    def _on_controller_script_gap(self, gap: ScriptGap) -> None:
        self.queue.enqueue("script_gap", gap.tenant_id, {
            "call_id": gap.call_id, "question_id": gap.question_id,
            "search_text": gap.search_text, "library_version": gap.library_version,
        })
        self._wake_outbox()

    @Slot(str, str)
    def _on_controller_node_opened(self, call_id: str, node_id: str) -> None:
        self.records.add_node(call_id, node_id)

    def _wake_outbox(self) -> None:
        if self.outbox is not None:
            self.outbox.wake()

    # -- CRM -------------------------------------------------------------------------

    # -- callbacks to make -------------------------------------------------------------

    def open_callback_list(self) -> None:
        names = {t.id: t.name for t in self.controller.desk.library}

        def load(due_only: bool) -> list[CallbackRequest]:
            if self.floor_work is not None:
                return self.floor_work.load(due_only)
            return (self.callbacks.due(at_ns=time.time_ns()) if due_only
                    else self.callbacks.open_requests())

        dialog = CallbackListDialog(load, names, self.window)
        dialog.call_now.connect(self.call_back)
        if self.floor_work is not None:
            work = self.floor_work
            work.list_changed.connect(dialog.refresh)
            work.list_open = True
            dialog.finished.connect(lambda _r: setattr(work, "list_open", False))
            work.fetch()
        self.list_dialog = dialog
        dialog.open()

    @Slot(object)
    def call_back(self, request: CallbackRequest) -> None:
        """Dial a callback request with its tenant's greeting and script popped (on a floor:
        once this desk holds its claim)."""
        self.window.hide_offer()
        offered, self._offered = self._offered, None
        work = self.floor_work
        if work is not None and not (offered is not None and offered.id == request.id
                                     and work.offered is not None):
            work.call_back(request)  # dials once the floor gives this desk the claim
            return
        if work is not None:
            work.offer_taken()
            work.dialing = request
        self._dial_request(request)

    def _dial_request(self, request: CallbackRequest) -> None:
        self._dialing_callback = request
        self.controller.dial(request.number, request.tenant_id)

    @Slot()
    def _on_controller_became_ready(self) -> None:
        if not self.preview_dialer:
            return
        work = self.floor_work
        if work is not None:
            if work.offered is not None:  # still offered: the claim is held
                return
            if work.offer_next():  # the floor's answer shows the offer (FloorWork.offered)
                self._offered = None
                return
            due = work.local_due()[:1]
        else:
            due = self.callbacks.due(at_ns=time.time_ns(), limit=1)
        if not due:
            self.window.hide_offer()
            return
        request = due[0]
        self._offered = request
        tenant = self.controller.desk.library.tenants.get(request.tenant_id)
        self.window.show_offer(f"{request.name or request.number} · "
                               f"{tenant.name if tenant else request.tenant_id}")

    @Slot()
    def _on_window_offer_accepted(self) -> None:
        if self.floor_work is not None and self.floor_work.offered is not None:
            self._offered = self.floor_work.offered
        if self._offered is not None:
            self.call_back(self._offered)

    @Slot(str)
    def _on_controller_call_finished(self, call_id: str) -> None:
        request = self._callback_calls.pop(call_id, None)
        if request is None:
            return
        tenant = self.controller.desk.library.tenants.get(request.tenant_id)
        dialog = AttemptOutcomeDialog(request, tenant.name if tenant else request.tenant_id,
                                      self.window)
        dialog.chosen.connect(
            lambda outcome, rid=request.id, cid=call_id: self._record_attempt(rid, outcome, cid))
        self.outcome_dialog = dialog
        dialog.open()

    def _record_attempt(self, request_id: str, outcome: str, call_id: str) -> None:
        self.callbacks.record_attempt(request_id, AttemptOutcome(outcome), call_id=call_id)
        if self.floor_work is not None:
            self.floor_work.attempt_recorded(request_id)

    # -- the caller's earlier calls ----------------------------------------------------

    @Slot(str, object)
    def _on_controller_pop_painted(self, call_id: str, _ts_ns: object) -> None:
        """Once the pop is on screen (it never waits for this, nor does its paint):
        has the number called before?"""
        QTimer.singleShot(0, lambda: self.show_earlier_calls(call_id))

    def show_earlier_calls(self, call_id: str) -> None:
        pop = self._shown
        if pop is None or pop.call_id != call_id or pop.route.source == "outgoing":
            return
        if not pop.caller.is_phone:
            self.window.caller.show_history(None)
            return
        now = time.time()
        day_start = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0,
                                                        microsecond=0).timestamp()
        try:
            calls = gather(self.history_sources, pop.caller.e164,
                           int((now - LOOK_BACK_DAYS * 86400) * 1e9), exclude_call_id=call_id)
        except StorageError as exc:  # the card does without; the call goes on
            log.warning("earlier calls of the caller not read: %s", exc)
            return
        summary = repeat_caller(calls, int(day_start * 1e9))
        topic = self._topic(summary.last, pop) if summary.last is not None else ""
        self.window.caller.show_history(summary, topic)

    def _topic(self, call: PastCall, pop: ScreenPop) -> str:
        """What an earlier call was about: its wrap-up result, else the first question the
        operator opened (from a script the desk has prepared: never parsed for this);
        with the company's name when it was another hotline."""
        desk = self.controller.desk
        tenant = desk.library.tenants.get(call.tenant_id)
        if tenant is None:
            return ""
        topic = next((w.label for w in tenant.wrapup_codes if w.code == call.wrapup_code), "")
        prepared = desk.prepared(tenant.id)
        if not topic and call.question_id and prepared is not None:
            script = prepared.script
            question = script.find(call.question_id) if script is not None else None
            topic = question.question if question is not None else ""
        if topic and pop.tenant is not None and tenant.id != pop.tenant.id:
            topic = f"{topic}, {tenant.name}"
        return topic

    @Slot(object)
    def _on_controller_pop_shown(self, pop: ScreenPop) -> None:
        self._shown = pop
        if pop.route.source == "outgoing" and self._dialing_callback is not None:
            self._callback_calls[pop.call_id] = self._dialing_callback
            if self.floor_work is not None:
                self.floor_work.dialed(self._dialing_callback)
            self._dialing_callback = None
        elif pop.route.source != "outgoing" and self.floor_work is not None:
            self.floor_work.release_offer()  # a call rang instead: the offered callback goes back
        if self.crm is None or pop.tenant is None or not pop.caller_number:
            return
        self._crm_call = pop.call_id
        self.window.caller.show_crm_pending()
        # The result arrives on a worker thread; the GUI thread shows it.
        self.crm.lookup(pop.tenant.id, pop.caller_number,
                        lambda result, cid=pop.call_id: self._crm_result_arrived(cid, result))

    def _on_crm_result_arrived(self, call_id: str, result: Any) -> None:
        if call_id != self._crm_call:
            return  # the operator is on another call by now
        status = getattr(result.status, "value", str(result.status))
        source = getattr(result, "source", "")
        fetched = getattr(result, "fetched_ns", 0)
        age = max(0.0, (time.time_ns() - fetched) / 1e9) if fetched else None
        if status == "found":
            self.window.caller.show_crm(dict(result.card), source=source, age_s=age)
        elif status == "unavailable":
            self.window.caller.show_crm(None, unavailable=True, source=source)
        elif status == "not_found":
            self.window.caller.show_crm({}, source=source)
        else:
            self.window.caller.crm.setText("")

    def show_delivery(self, _item: object = None) -> None:
        """An outbox item changed state: show how many wait, fail, went (GUI thread)."""
        counts = {getattr(state, "value", str(state)): n for state, n in self.queue.counts().items()}
        self.window.show_outbox(counts)


    # -- the shift -------------------------------------------------------------------

    # The dialogs' modules load when first opened: most shifts never open them.

    def open_history(self) -> Any:
        from operator_desk.ui.history import HistoryDialog

        since = time.time_ns() - SHIFT_NS
        library = self.controller.desk.library
        names = {t.id: t.name for t in library}
        labels = {(t.id, w.code): w.label for t in library for w in t.wrapup_codes}
        dialog = HistoryDialog(self.records.history, since, names, self.window, labels)
        dialog.call_back_requested.connect(self.controller.dial)
        dialog.open()
        return dialog

    def open_statistics(self) -> Any:
        from operator_desk.storage.stats import shift_summary
        from operator_desk.ui.dashboard import DashboardDialog

        since = time.time_ns() - SHIFT_NS
        library = self.controller.desk.library
        names = {t.id: t.name for t in library}
        labels = {(t.id, w.code): w.label for t in library for w in t.wrapup_codes}
        dialog = DashboardDialog(lambda: shift_summary(self.db.conn, since, time.time_ns()),
                                 names, self.window, labels)
        dialog.open()
        return dialog
