"""The supervisor's window: who is Ready, who is stuck in after-call work, each tenant's
calls today and this hour against its service level, callbacks due, a chart by hour.

Keys: Ctrl+1 the agents, Ctrl+2 the companies, Ctrl+F filter the agents (operator, group,
state, company), Esc clears the filter, Ctrl+E export the companies' figures as CSV,
F5 reload everything. Columns sort by a click on their header.

Signals:
    refresh_requested(): F5.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRect, QSortFilterProxyModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operator_desk.floor.agents import AgentRow
from operator_desk.floor.supervisor import CallbackCounts, TenantFigures
from operator_desk.ui.supervisor.models import SORT_ROLE, AgentsModel, TenantsModel, percent


class HourChart(QWidget):
    """Calls offered per hour of the day, the unanswered part in red; the current hour marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hourChart")
        self.hours: list[tuple[datetime, int, int]] = []
        self.setMinimumHeight(150)
        self.setToolTip(self.tr("Calls offered per hour today; red: not answered"))

    def set_hours(self, hours: Sequence[tuple[datetime, int, int]]) -> None:
        self.hours = list(hours)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        if not self.hours:
            painter.end()
            return
        metrics = painter.fontMetrics()
        label_h = metrics.height() + 4
        top = label_h
        area = QRect(8, top, self.width() - 16, self.height() - top - label_h)
        peak = max(1, max(offered for _h, offered, _u in self.hours))
        slot = area.width() / len(self.hours)
        now = datetime.now().astimezone().replace(minute=0, second=0, microsecond=0)
        painter.setPen(QColor("#424242"))
        painter.drawText(8, metrics.ascent() + 2, self.tr("Calls by hour (peak {0})").format(peak))
        for i, (hour, offered, unanswered) in enumerate(self.hours):
            x = int(area.left() + i * slot + 1)
            w = max(1, int(slot) - 2)
            h = int(area.height() * offered / peak)
            lost = int(area.height() * unanswered / peak)
            if hour == now:
                painter.fillRect(QRect(x - 1, area.top(), w + 2, area.height()), QColor("#FFF8E1"))
            painter.fillRect(QRect(x, area.bottom() - h, w, h), QColor("#64B5F6"))
            painter.fillRect(QRect(x, area.bottom() - lost, w, lost), QColor("#E53935"))
            if hour.hour % 3 == 0:
                painter.setPen(QColor("#616161"))
                painter.drawText(QRect(x - 10, area.bottom() + 2, w + 20, label_h),
                                 Qt.AlignmentFlag.AlignHCenter, f"{hour.hour:02d}")
        painter.end()


class SupervisorWindow(QMainWindow):
    refresh_requested = Signal()

    def __init__(self, tenant_names: Mapping[str, str], targets: Mapping[str, float],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorWindow")
        self.setWindowTitle(self.tr("Operator Desk — the floor"))
        self.agents_model = AgentsModel(tenant_names, self)
        self.tenants_model = TenantsModel(tenant_names, targets, self)
        self.agents_proxy = QSortFilterProxyModel(self)
        self.agents_proxy.setSourceModel(self.agents_model)
        self.agents_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.agents_proxy.setFilterKeyColumn(-1)
        self.agents_proxy.setSortRole(SORT_ROLE)
        # Rows stay where they are while states change (re-sorting 500 rows at every change
        # would cost the window its responsiveness, and rows jumping about are unreadable);
        # with a filter or another column's order, the clock re-applies them once a second.
        self.agents_proxy.setDynamicSortFilter(False)
        self.tenants_proxy = QSortFilterProxyModel(self)
        self.tenants_proxy.setSourceModel(self.tenants_model)
        self.tenants_proxy.setSortRole(SORT_ROLE)

        self.link_state = QLabel(self.tr("Connecting to the floor…"))
        self.link_state.setObjectName("linkState")
        self.summary = QLabel()
        self.summary.setObjectName("agentSummary")
        self.filter = QLineEdit()
        self.filter.setObjectName("agentFilter")
        self.filter.setPlaceholderText(self.tr("Filter agents: name, group, state, company (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.agents = self._table(self.agents_proxy, "agentsTable")
        self.tenants = self._table(self.tenants_proxy, "tenantsTable")
        self.chart = HourChart()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.agents, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(self.chart)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([820, 520])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.tenants)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([480, 220])
        # Figures' headers wrap onto two lines, so that every column fits at 1366 pixels.
        tenant_header = self.tenants.horizontalHeader()
        tenant_header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        tenant_header.setMinimumHeight(3 * self.fontMetrics().height() + 8)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.link_state)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)

        self.filter.textChanged.connect(self.agents_proxy.setFilterFixedString)
        for keys, slot in ((QKeySequence("Ctrl+1"), self.agents.setFocus),
                           (QKeySequence("Ctrl+2"), self.tenants.setFocus),
                           (QKeySequence.StandardKey.Find, self._on_find_activated),
                           (QKeySequence("Ctrl+E"), self.export_csv),
                           (QKeySequence(Qt.Key.Key_F5), self.refresh_requested.emit)):
            QShortcut(keys, self, slot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter, self.filter.clear)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()
        self.export_to: Path | None = None
        """Where Ctrl+E writes without asking (tests, kiosks); None: a file dialog asks."""

    def _table(self, model: QSortFilterProxyModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        return view

    # -- what the feed brings --------------------------------------------------------------

    @Slot(object)
    def set_agents(self, rows: list[AgentRow]) -> None:
        self.agents_model.set_agents(rows)
        self.agents.resizeColumnsToContents()
        for column, widest in ((AgentsModel.OPERATOR, 190), (AgentsModel.STATE, 190),
                               (AgentsModel.TENANT, 190), (AgentsModel.DESK, 150)):
            self.agents.setColumnWidth(column, min(widest, self.agents.columnWidth(column)))
        self._summarise()

    def _fit_tenant_columns(self) -> None:
        view = self.tenants
        view.resizeColumnToContents(0)
        view.setColumnWidth(0, min(260, view.columnWidth(0)))
        columns = self.tenants_model.columnCount()
        room = view.viewport().width() - view.columnWidth(0) - 4
        figure = max(72, room // max(1, columns - 1))
        for column in range(1, columns):
            view.setColumnWidth(column, figure)

    @Slot(object)
    def update_agent(self, row: AgentRow) -> None:
        self.agents_model.update_agent(row)
        self._summarise()

    @Slot(object)
    def set_offline(self, desks: set[str]) -> None:
        self.agents_model.set_offline(desks)
        self._summarise()

    @Slot(object)
    def set_figures(self, figures: tuple[Mapping[str, TenantFigures], Mapping[str, TenantFigures],
                                         list[str] | None]) -> None:
        first = not self.tenants_model.tenants
        today, hour, only = figures
        self.tenants_model.set_figures(today, hour, only)
        if first and self.tenants_model.tenants:
            self._fit_tenant_columns()

    @Slot(object)
    def set_callbacks(self, counts: Mapping[str, CallbackCounts]) -> None:
        self.tenants_model.set_callbacks(counts)

    @Slot(object)
    def set_hours(self, hours: Sequence[tuple[datetime, int, int]]) -> None:
        self.chart.set_hours(hours)

    @Slot(bool, str)
    def show_link(self, up: bool, why: str) -> None:
        if up:
            self.link_state.setText(self.tr("Live: the floor's figures update as desks report"))
            self.link_state.setStyleSheet("")
        else:
            self.link_state.setText(self.tr("The floor database is unreachable ({0}); the figures shown "
                                            "may be old").format(why[:120]))
            self.link_state.setStyleSheet("color: #B71C1C; font-weight: bold;")

    def _summarise(self) -> None:
        counts = self.agents_model.counts()
        names = self.agents_model.state_names
        order = ("ready", "ringing", "on_call", "after_call_work", "not_ready", "offline")
        self.summary.setText(" · ".join(f"{names[s]}: {counts[s]}" for s in order if counts.get(s)))

    @Slot()
    def _on_clock_timeout(self) -> None:
        self.agents_model.tick()
        if self.filter.text() or self.agents_proxy.sortColumn() not in (-1, AgentsModel.OPERATOR):
            self.agents_proxy.invalidate()

    @Slot()
    def _on_find_activated(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- export ------------------------------------------------------------------------------

    @Slot()
    def export_csv(self) -> None:
        """The companies' figures as CSV (UTF-8, a header row, one row a company)."""
        target = self.export_to
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export the floor's figures"),
                f"floor-{datetime.now():%Y-%m-%d-%H%M}.csv", self.tr("CSV files (*.csv)"))
            if not name:
                return
            target = Path(name)
        model = self.tenants_model
        with target.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["tenant", *model.COLUMNS])
            for tenant in model.tenants:
                values = model.values(tenant)
                shares = ("sl", "hour_sl")
                writer.writerow([tenant, *(percent(v).replace(" ", "") if model.COLUMNS[i] in shares else v
                                           for i, v in enumerate(values))])
        self.statusBar().showMessage(self.tr("Exported to {0}").format(target), 10000)
