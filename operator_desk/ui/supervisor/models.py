"""Table models of the supervisor's window: agents (one row a desk) and tenants.

A change touches only its own cells: an agent's new state is one row's ``dataChanged``, the
clock ticking once a second is the time column's, a tenant's new figures its row's. With
500 desks changing state every few seconds the view repaints what changed, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from operator_desk.floor.agents import AgentRow
from operator_desk.floor.supervisor import CallbackCounts, TenantFigures

Index = QModelIndex | QPersistentModelIndex

STATE_COLOURS = {
    "ready": "#C8E6C9", "ringing": "#BBDEFB", "on_call": "#E3F2FD", "after_call_work": "#FFF3C4",
    "not_ready": "#ECEFF1", "offline": "#FFFFFF",
}
LONG_AFTER_CALL_S = 120.0
"""After-call work longer than this is shown in red: the supervisor looks there first."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class AgentsModel(QAbstractTableModel):
    """The floor's agents, ordered by operator; ``now`` is the supervisor's clock."""

    OPERATOR, GROUP, STATE, TENANT, TIME, DESK = range(6)

    def __init__(self, tenant_names: Mapping[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tenant_names = dict(tenant_names)
        self.rows: list[AgentRow] = []
        self._index: dict[str, int] = {}
        self._offline: set[str] = set()
        self.now = datetime.now().astimezone()
        self.headers = [self.tr("Operator"), self.tr("Group"), self.tr("State"), self.tr("Company"),
                        self.tr("For"), self.tr("Desk")]
        self.state_names = {
            "ready": self.tr("Ready"), "not_ready": self.tr("Not ready"),
            "after_call_work": self.tr("After-call work"), "ringing": self.tr("Ringing"),
            "on_call": self.tr("On a call"), "offline": self.tr("Offline"),
        }

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def state_of(self, row: AgentRow) -> str:
        return "offline" if (row.desk_id in self._offline or not row.online) else row.state

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        state = self.state_of(row)
        column = index.column()
        seconds = (self.now - row.since).total_seconds()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.STATE:
                name = self.state_names.get(state, state)
                return f"{name}: {row.reason}" if state == "not_ready" and row.reason else name
            busy = state in ("ringing", "on_call", "after_call_work")
            tenant = self.tenant_names.get(row.tenant_id, row.tenant_id) if busy else ""
            return [row.operator or row.host, row.group_id, "", tenant, duration(seconds),
                    f"{row.host}/{row.profile}"][column]
        if role == SORT_ROLE:
            return seconds if column == self.TIME else self.data(index)
        if role == Qt.ItemDataRole.BackgroundRole:
            if state == "after_call_work" and seconds >= LONG_AFTER_CALL_S:
                return QColor("#FFCDD2")
            return QColor(STATE_COLOURS.get(state, "#FFFFFF"))
        if role == Qt.ItemDataRole.ForegroundRole and state == "offline":
            return QColor("#9E9E9E")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TIME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def set_agents(self, rows: Iterable[AgentRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: (r.operator.casefold(), r.desk_id))
        self._index = {r.desk_id: i for i, r in enumerate(self.rows)}
        self._offline = {r.desk_id for r in self.rows if not r.online}
        self.endResetModel()

    def update_agent(self, row: AgentRow) -> None:
        """One desk's new state: its row only (a new desk is inserted in order)."""
        self._offline.discard(row.desk_id)
        at = self._index.get(row.desk_id)
        if at is not None:
            self.rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))
            return
        key = (row.operator.casefold(), row.desk_id)
        at = next((i for i, r in enumerate(self.rows) if (r.operator.casefold(), r.desk_id) > key),
                  len(self.rows))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self._index = {r.desk_id: i for i, r in enumerate(self.rows)}
        self.endInsertRows()

    def set_offline(self, desks: set[str]) -> None:
        changed = (desks ^ self._offline) & set(self._index)
        self._offline = set(desks)
        for desk in changed:
            at = self._index[desk]
            self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))

    def tick(self, now: datetime | None = None) -> None:
        """The clock moved: the time column (and a long after-call work's colour) changes."""
        self.now = now or datetime.now().astimezone()
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole])

    def counts(self) -> dict[str, int]:
        """Agents per shown state (for the summary line)."""
        out: dict[str, int] = {}
        for row in self.rows:
            state = self.state_of(row)
            out[state] = out.get(state, 0) + 1
        return out


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


class TenantsModel(QAbstractTableModel):
    """Per tenant: calls today and this hour, service level against its target, callbacks."""

    COLUMNS = ("company", "offered", "answered", "unanswered", "abandoned", "avg", "p90", "sl",
               "hour_offered", "hour_unanswered", "hour_sl", "cb_due", "cb_overdue", "cb_done")

    def __init__(self, tenant_names: Mapping[str, str], targets: Mapping[str, float],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tenant_names = dict(tenant_names)
        self.targets = dict(targets)
        """Tenant -> service level target (0-1): a level below it is shown in red."""
        self.today: dict[str, TenantFigures] = {}
        self.hour: dict[str, TenantFigures] = {}
        self.callbacks: dict[str, CallbackCounts] = {}
        self.tenants: list[str] = []
        self.headers = [self.tr("Company"), self.tr("Offered"), self.tr("Answered"), self.tr("Unanswered"),
                        self.tr("Abandoned"), self.tr("Avg answer"), self.tr("90% answer"),
                        self.tr("Service level"), self.tr("This hour"), self.tr("Unanswered, hour"),
                        self.tr("Service level, hour"), self.tr("Callbacks due"), self.tr("Overdue"),
                        self.tr("Called back")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tenants)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def values(self, tenant: str) -> list[Any]:
        """One tenant's row as plain values (also what the CSV export writes)."""
        today = self.today.get(tenant, TenantFigures(tenant))
        hour = self.hour.get(tenant, TenantFigures(tenant))
        cb = self.callbacks.get(tenant, CallbackCounts(tenant))
        return [self.tenant_names.get(tenant, tenant) or tenant, today.offered, today.answered,
                today.unanswered, today.abandoned, round(today.avg_answer_s, 1), round(today.p90_answer_s, 1),
                today.service_level, hour.offered, hour.unanswered, hour.service_level, cb.due, cb.overdue,
                cb.done]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tenant = self.tenants[index.row()]
        column = index.column()
        value = self.values(tenant)[column]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if role == SORT_ROLE:
                return -1.0 if value is None else value
            if self.COLUMNS[column] in ("sl", "hour_sl"):
                return percent(value)
            if self.COLUMNS[column] in ("avg", "p90"):
                return self.tr("{0} s").format(f"{value:.0f}") if value else "—"
            return str(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            name = self.COLUMNS[column]
            target = self.targets.get(tenant, 0.8)
            if name in ("sl", "hour_sl") and value is not None and value < target:
                return QColor("#B71C1C")
            if name in ("unanswered", "hour_unanswered", "cb_overdue") and value:
                return QColor("#B71C1C")
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[column] in ("sl", "hour_sl"):
            today = self.today.get(tenant)
            seconds = today.service_level_s if today else 20
            return self.tr("Answered within {0} s; target {1}").format(
                f"{seconds:.0f}", percent(self.targets.get(tenant, 0.8)))
        return None

    def _sync(self, tenants: Iterable[str]) -> None:
        known = set(self.tenants)
        new = [t for t in tenants if t not in known]
        if new:
            self.beginResetModel()
            self.tenants = sorted(known | set(new), key=lambda t: self.tenant_names.get(t, t).casefold())
            self.endResetModel()

    def set_figures(self, today: Mapping[str, TenantFigures], hour: Mapping[str, TenantFigures],
                    only: Iterable[str] | None = None) -> None:
        """New figures: for every tenant (``only`` None) or for those named."""
        if only is None:
            self.today, self.hour = dict(today), dict(hour)
            changed = set(self.tenants) | set(today)
        else:
            changed = set(only)
            for tenant in changed:
                self.today.pop(tenant, None)
                self.hour.pop(tenant, None)
            self.today.update(today)
            self.hour.update(hour)
        self._sync(sorted(changed & (set(self.today) | set(self.hour))))
        self._changed(changed)

    def set_callbacks(self, counts: Mapping[str, CallbackCounts]) -> None:
        changed = set(self.callbacks) | set(counts)
        self.callbacks = dict(counts)
        self._sync(sorted(counts))
        self._changed(changed)

    def _changed(self, tenants: Iterable[str]) -> None:
        rows = {t: i for i, t in enumerate(self.tenants)}
        for tenant in tenants:
            if tenant in rows:
                self.dataChanged.emit(self.index(rows[tenant], 0),
                                      self.index(rows[tenant], self.columnCount() - 1))
