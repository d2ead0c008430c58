"""The desk's side of the call floor in the GUI: the shared work list, claims before dialing,
the preview dialer from the floor's queue, and the operator's state published live.

The floor answers on its link thread; everything reaches the GUI through
:func:`operator_desk.ui.background.on_gui_thread` (the desk's one shape of background
work). While the floor is unreachable the work list shows this desk's own requests and
the desk calls back only those that never reached the floor (nobody else knows them);
one that is on the floor needs a claim, so two operators never call the same customer.

Signals:
    list_changed(): the work list has new contents (the list dialog refreshes).
    queue_changed(): the floor's queue changed (a callback appeared, was tried, came free):
        an idle Ready operator's preview dialer may look for the next one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from operator_desk.core.agent import AgentState
from operator_desk.core.callback_policy import callable_tenants
from operator_desk.core.calls import CallState
from operator_desk.services.floor_sync import FloorDesk, to_request
from operator_desk.storage.callbacks import CallbackRequest, Callbacks
from operator_desk.storage.outbox import FLOOR
from operator_desk.ui.background import on_gui_thread
from operator_desk.ui.controller import DeskController

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 150
"""Notifications arriving together (a burst of changes) fetch the list once."""
DIAL_WITHIN_MS = 10_000
"""A claimed callback not dialed within this time (the dial failed) is given back."""
PUBLISH_EVERY_MS = 500


class FloorWork(QObject):
    list_changed = Signal()
    queue_changed = Signal()

    def __init__(self, floor: FloorDesk, controller: DeskController, callbacks: Callbacks,
                 dial: Callable[[CallbackRequest], None]) -> None:
        super().__init__(controller)
        self.floor = floor
        self.controller = controller
        self.window = controller.window
        self.callbacks = callbacks
        self._dial = dial
        self.floor_list: list[CallbackRequest] = []
        self._published: tuple[str, str, str] | None = None
        self._claiming_for: str = ""
        """"dial" or "offer": what the claim under way is for."""
        self.offered: CallbackRequest | None = None
        self.dialing: CallbackRequest | None = None
        self.list_open = False
        """The work list is on screen: the floor's changes are fetched for it (else nothing is
        fetched: 500 desks hear every change, only those showing the list ask for it)."""
        floor.on_callbacks_changed = on_gui_thread(self._on_changed)
        floor.on_link_changed = on_gui_thread(self._on_link_changed)
        self._answered = on_gui_thread(self._on_answered)
        """Posts a floor request's ``(what, result, error)`` to the GUI thread."""
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self._on_refresh_timeout)
        self._dial_deadline = QTimer(self)
        self._dial_deadline.setSingleShot(True)
        self._dial_deadline.setInterval(DIAL_WITHIN_MS)
        self._dial_deadline.timeout.connect(self._on_dial_deadline_timeout)
        self._publisher = QTimer(self)
        self._publisher.setInterval(PUBLISH_EVERY_MS)
        self._publisher.timeout.connect(self.publish_state)
        self._publisher.start()

    # -- the operator's state ------------------------------------------------------------

    @Slot()
    def publish_state(self) -> None:
        """Send the operator's state when it changed (ringing, on a call with a tenant...)."""
        agent = self.controller.agent
        call = self.controller.current
        state = agent.state.value
        if call is not None and call.state is CallState.RINGING and not call.outgoing:
            state = "ringing"
        tenant = call.pop.tenant.id if call is not None and call.pop is not None and call.pop.tenant else ""
        reason = agent.status.reason if agent.state is AgentState.NOT_READY else ""
        key = (state, reason, tenant)
        if key != self._published:
            self._published = key
            self.floor.publish(state, reason, tenant, agent.seconds_in_state())

    # -- the work list -------------------------------------------------------------------

    def _tenants(self) -> list[str]:
        return [t.id for t in self.controller.desk.library]

    @Slot()
    def fetch(self) -> None:
        """Ask the floor for its open callbacks of this desk's tenants and group."""
        if self.floor.link.up:
            self.floor.callbacks(self._tenants(), lambda r, e: self._answered(("list", r, e)))

    def _pending_here(self) -> set[str]:
        """Requests taken here that have not reached the floor yet."""
        rows = self.callbacks.conn.execute(
            "SELECT ref FROM outbox WHERE target = ? AND kind = 'callback' AND state <> 'delivered'",
            (FLOOR,))
        return {r[0] for r in rows}

    def load(self, due_only: bool) -> list[CallbackRequest]:
        """The work list: the floor's open callbacks and this desk's own not yet on the floor
        (only this desk's own while the floor is unreachable)."""
        now = time.time_ns()
        own = self.callbacks.due(at_ns=now) if due_only else self.callbacks.open_requests()
        if not self.floor.link.up:
            return [r for r in own if not r.origin_desk]
        pending = self._pending_here()
        merged = {r.id: r for r in self.floor_list if not due_only or (r.next_attempt_ns or 0) <= now}
        merged.update({r.id: r for r in own if r.id in pending})
        return sorted(merged.values(), key=lambda r: (r.next_attempt_ns or 0, r.created_ns))

    def local_due(self) -> list[CallbackRequest]:
        """Due requests taken here that never reached the floor (callable without a claim)."""
        pending = self._pending_here()
        due = self.callbacks.due(at_ns=time.time_ns())
        return [r for r in due if r.id in pending and not r.origin_desk]

    def call_back(self, request: CallbackRequest) -> bool:
        """Claim the callback before dialing; True when it is dialed at once (never on the floor)."""
        if request.id in self._pending_here() and not request.origin_desk:
            self._dial(request)
            return True
        if not self.floor.link.up:
            self.window.show_error(self.tr("The floor is unreachable: this callback is on the floor and "
                                           "another operator may be calling it. Try again when the floor "
                                           "is back."))
            return False
        self._claiming_for = "dial"
        self.floor.claim(request.id, lambda r, e: self._answered(("claim", r, e)))
        return False

    def offer_next(self) -> bool:
        """The preview dialer: claim the next due callback of a tenant that may be called now."""
        if not self.floor.link.up:
            return False
        if self._claiming_for:  # a claim is under way: its answer decides
            return True
        tenants = callable_tenants(self.controller.desk.library, datetime.now(UTC))
        self._claiming_for = "offer"
        self.floor.claim_next(tenants, lambda r, e: self._answered(("claim", r, e)))
        return True

    def offer_taken(self) -> None:
        self.offered = None

    def release_offer(self) -> None:
        """The offer was not taken (a call rang, the operator went Not Ready)."""
        if self.offered is not None:
            self.floor.release(self.offered.id)
            self.offered = None
            self.window.hide_offer()

    def dialed(self, request: CallbackRequest) -> None:
        """The call for a claimed callback is under way (its pop was shown)."""
        if self.dialing is not None and self.dialing.id == request.id:
            self.dialing = None
            self._dial_deadline.stop()

    def attempt_recorded(self, request_id: str) -> None:
        self.floor.finished(request_id)

    # -- answers from the floor -------------------------------------------------------------

    def _on_changed(self, _data: object) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    @Slot()
    def _on_refresh_timeout(self) -> None:
        if self.list_open:
            self.fetch()
        self.queue_changed.emit()

    def _on_link_changed(self, up: bool, why: str) -> None:
        if up:
            self.fetch()
            self.window.statusBar().showMessage(self.tr("Connected to the call floor"), 10000)
        else:
            self.window.show_error(self.tr("The call floor is unreachable ({0}); calls and callbacks are "
                                           "kept here and sent when it is back").format(why[:120]))

    def _on_answered(self, answer: tuple[str, Any, str]) -> None:
        what, result, error = answer
        if what == "list":
            if not error:
                self.floor_list = [to_request(c) for c in result]
                self.list_changed.emit()
            return
        purpose, self._claiming_for = self._claiming_for, ""
        if error:
            self.window.show_error(self.tr("The floor did not answer: {0}").format(error[:160]))
            return
        if result is None:
            if purpose == "dial":
                self.window.show_error(self.tr("Another operator is already calling this customer"))
                self.fetch()
            else:
                self.window.hide_offer()
            return
        request = self.callbacks.adopt(to_request(result))
        if purpose == "offer":
            self.offered = request
            tenant = self.controller.desk.library.tenants.get(request.tenant_id)
            self.window.show_offer(f"{request.name or request.number} · "
                                   f"{tenant.name if tenant else request.tenant_id}")
            return
        self.dialing = request
        self._dial_deadline.start()
        self._dial(request)

    @Slot()
    def _on_dial_deadline_timeout(self) -> None:
        if self.dialing is not None:
            log.info("floor: callback %s was claimed but not dialed; giving it back", self.dialing.id)
            self.floor.release(self.dialing.id)
            self.dialing = None

    def served(self) -> Sequence[str]:
        return self._tenants()
