"""What the supervisor's window shows, kept up to date by the floor's notifications.

One connection to the floor (a :class:`~operator_desk.floor.link.FloorLink` listening to
``floor_agents``, ``floor_calls`` and ``floor_callbacks``). Nothing is reloaded wholesale:

* an agent's state change arrives with the agent's whole row in the notification and
  updates that one row;
* a call record that changed marks its tenant; once a second at most, the figures of the
  marked tenants only (today, this hour) and the chart by hour are asked for;
* a callback that changed asks for the callback counts (one small grouped query);
* every few seconds the desks that stopped beating are asked for (offline), and the whole
  picture once a minute and whenever the link comes back (notifications missed meanwhile).

Results arrive on the link thread and reach the GUI through
:func:`operator_desk.ui.background.on_gui_thread`, as this object's signals.

Signals:
    agents_loaded(object): every agent (a list of :class:`AgentRow`).
    agent_changed(object): one :class:`AgentRow`.
    offline_changed(object): the set of desk ids that stopped beating.
    figures_loaded(object): ``(today, this_hour)``: dicts tenant -> :class:`TenantFigures`
        (only the tenants asked for, or all).
    callbacks_loaded(object): dict tenant -> :class:`CallbackCounts`.
    hours_loaded(object): the chart's ``[(hour, offered, unanswered)]``.
    link_changed(bool, str): connected, or not and why.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from operator_desk.floor.agents import OFFLINE_AFTER_S, AgentRow
from operator_desk.floor.link import FloorLink
from operator_desk.floor.supervisor import (
    agents,
    callback_counts,
    hourly,
    offline_desks,
    tenant_figures,
)
from operator_desk.ui.background import on_gui_thread

log = logging.getLogger(__name__)

CHANNELS = ("floor_agents", "floor_calls", "floor_callbacks")
FIGURES_EVERY_MS = 1000
OFFLINE_EVERY_S = 5.0
EVERYTHING_EVERY_S = 60.0


def local_midnight(now: datetime | None = None) -> datetime:
    now = (now or datetime.now()).astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


class SupervisorFeed(QObject):
    agents_loaded = Signal(object)
    agent_changed = Signal(object)
    offline_changed = Signal(object)
    figures_loaded = Signal(object)
    callbacks_loaded = Signal(object)
    hours_loaded = Signal(object)
    link_changed = Signal(bool, str)

    def __init__(self, link: FloorLink, service_levels: Mapping[str, float] | None = None,
                 parent: QObject | None = None, *, offline_every_s: float = OFFLINE_EVERY_S) -> None:
        super().__init__(parent)
        self.link = link
        self.service_levels = dict(service_levels or {})
        self._dirty: set[str] = set()
        self._callbacks_dirty = False
        self._post = on_gui_thread(lambda signal, *args: signal.emit(*args))
        """Emits one of this object's signals on the GUI thread (called on the link thread)."""
        link.handle(on_notify=on_gui_thread(self._on_notified), on_up=self._on_up,
                    on_down=lambda why: self._post(self.link_changed, False, why))
        self._figures = QTimer(self)
        self._figures.setSingleShot(True)
        self._figures.setInterval(FIGURES_EVERY_MS)
        self._figures.timeout.connect(self._on_figures_timeout)
        link.every(offline_every_s, lambda conn: self._post(self.offline_changed, offline_desks(conn)))
        link.every(EVERYTHING_EVERY_S, self._load_everything)

    def start(self) -> None:
        self.link.start()

    def stop(self) -> None:
        self.link.stop()

    def _on_up(self, conn: Any) -> None:
        self._post(self.link_changed, True, "")

    def _load_everything(self, conn: Any) -> None:
        self._post(self.agents_loaded, agents(conn))
        self._load_figures(conn, None)
        self._post(self.callbacks_loaded, callback_counts(conn, local_midnight()))

    def _load_figures(self, conn: Any, tenants: list[str] | None) -> None:
        midnight = local_midnight()
        now = datetime.now().astimezone()
        hour = now.replace(minute=0, second=0, microsecond=0)
        today = tenant_figures(conn, midnight, service_levels=self.service_levels, tenants=tenants)
        this_hour = tenant_figures(conn, hour, service_levels=self.service_levels, tenants=tenants)
        self._post(self.figures_loaded, (today, this_hour, tenants))
        self._post(self.hours_loaded, hourly(conn, midnight, midnight + timedelta(days=1)))

    def refresh(self) -> None:
        """Everything again, now (F5)."""
        if self.link.up:
            self.link.submit(self._load_everything)

    def _on_notified(self, channel: str, payload: str) -> None:
        if channel == "floor_agents":
            try:
                row = json.loads(payload)
                row["since"] = datetime.fromisoformat(row["since"])
                row["heartbeat_at"] = datetime.fromisoformat(row["heartbeat_at"])
                self.agent_changed.emit(AgentRow(**row, online=True))  # on the GUI thread
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("supervisor: an agent notification could not be read: %s", exc)
            return
        if channel == "floor_calls":
            self._dirty.add(payload)
        elif channel == "floor_callbacks":
            self._callbacks_dirty = True
        if not self._figures.isActive():
            self._figures.start()

    @Slot()
    def _on_figures_timeout(self) -> None:
        tenants, self._dirty = sorted(self._dirty), set()
        callbacks, self._callbacks_dirty = self._callbacks_dirty, False
        if not self.link.up:
            return

        def job(conn: Any) -> None:
            if tenants:
                self._load_figures(conn, tenants)
            if callbacks:
                self._post(self.callbacks_loaded, callback_counts(conn, local_midnight()))
        self.link.submit(job)


__all__ = ["CHANNELS", "OFFLINE_AFTER_S", "SupervisorFeed", "local_midnight"]
