"""The shift's calls: answered, missed and why, transferred, callbacks; filter; call back.

Signals:
    call_back_requested(str, str): number and tenant id to dial.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.numbers import format_for_display
from operator_desk.storage.records import CallOutcome, CallRecord, Direction, HistoryFilter
from operator_desk.ui.tables import FittedTableWidget

RECORD_ROLE = Qt.ItemDataRole.UserRole + 30
Query = Callable[[HistoryFilter], Sequence[CallRecord]]


class HistoryDialog(QDialog):
    call_back_requested = Signal(str, str)

    def __init__(self, query: Query, since_ns: int, tenant_names: Mapping[str, str],
                 parent: QWidget | None = None,
                 wrapup_labels: Mapping[tuple[str, str], str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Calls of this shift"))
        self._query = query
        self._since_ns = since_ns
        self._names = dict(tenant_names)
        self._labels = dict(wrapup_labels or {})
        """(tenant id, wrap-up code) -> the label the tenant's script gives it."""
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("Part of a number…"))
        self.search.setToolTip(self.tr("Find calls by a part of the number (the box has the "
                                       "keyboard when the window opens)"))
        self.search.setClearButtonEnabled(True)
        self.outcome = QComboBox()
        self.outcome.setObjectName("historyOutcome")
        self.outcome.addItem(self.tr("All calls"), None)
        self.outcome.addItem(self.tr("Not answered (missed, abandoned, rejected)"), "unanswered")
        for outcome in CallOutcome:
            self.outcome.addItem(self._outcome_text(outcome), outcome)
        self.table = FittedTableWidget(0, 7)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Company"), self.tr("Number"), self.tr("Result"),
            self.tr("Talk"), self.tr("Wrap-up"), self.tr("Note"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("historySummary")
        self.call_back = QPushButton(self.tr("Call back (Enter)"))
        self.call_back.setObjectName("historyCallBack")
        self.call_back.setDefault(True)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.outcome)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.call_back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self.refresh)
        self.outcome.currentIndexChanged.connect(self.refresh)
        self.call_back.clicked.connect(self._on_call_back_clicked)
        self.table.itemDoubleClicked.connect(self._on_call_back_clicked)
        self.table.itemActivated.connect(self._on_call_back_clicked)
        self.resize(1180, 560)
        self.refresh()

    def _outcome_text(self, outcome: CallOutcome) -> str:
        return {
            CallOutcome.ANSWERED: self.tr("answered"),
            CallOutcome.MISSED: self.tr("missed"),
            CallOutcome.ABANDONED: self.tr("caller hung up while ringing"),
            CallOutcome.REJECTED: self.tr("rejected (not ready / busy)"),
            CallOutcome.TRANSFERRED: self.tr("transferred"),
            CallOutcome.NOT_ANSWERED: self.tr("outgoing, not answered"),
            CallOutcome.FAILED: self.tr("failed"),
            CallOutcome.INTERRUPTED: self.tr("interrupted (the desk stopped)"),
        }.get(outcome, outcome.value)

    def refresh(self) -> None:
        choice = self.outcome.currentData()
        outcomes: frozenset[CallOutcome] = frozenset()
        if choice == "unanswered":
            outcomes = frozenset({CallOutcome.MISSED, CallOutcome.ABANDONED, CallOutcome.REJECTED})
        elif isinstance(choice, CallOutcome):
            outcomes = frozenset({choice})
        records = [r for r in self._query(HistoryFilter(
            since_ns=self._since_ns, number=self.search.text().strip(), outcomes=outcomes))
            if not r.consult_for]
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            number = record.caller_number if record.direction is Direction.INCOMING \
                else record.dialed_number
            result = self._outcome_text(record.outcome)
            if record.transferred_to:
                result += f" → {record.transferred_to}"
            if record.not_ready_reason:
                result += f" ({record.not_ready_reason})"
            if record.direction is Direction.OUTGOING:
                result = "↗ " + result
            talk = record.talk_s
            if not talk and record.answered_ns and record.ended_ns:
                talk = (record.ended_ns - record.answered_ns) / 1e9
            cells = [
                datetime.fromtimestamp(record.started_ns / 1e9).strftime("%H:%M:%S"),
                self._names.get(record.tenant_id, record.tenant_id),
                format_for_display(number) if number else "",
                result,
                f"{int(talk) // 60}:{int(talk) % 60:02d}" if talk else "",
                self._labels.get((record.tenant_id, record.wrapup_code), record.wrapup_code),
                record.note,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RECORD_ROLE, (number, record.tenant_id))
                if record.outcome in (CallOutcome.MISSED, CallOutcome.ABANDONED):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        answered = sum(r.outcome in (CallOutcome.ANSWERED, CallOutcome.TRANSFERRED)
                       for r in records)
        missed = sum(r.outcome in (CallOutcome.MISSED, CallOutcome.ABANDONED) for r in records)
        self.summary.setText(self.tr("{0} calls: {1} answered, {2} missed").format(
            len(records), answered, missed))
        self.call_back.setEnabled(bool(records))
        self.table.refit()

    def _on_call_back_clicked(self, *_: object) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        item = self.table.item(row, 0)
        if item is None:
            return
        number, tenant_id = item.data(RECORD_ROLE)
        if number:
            self.call_back_requested.emit(number, tenant_id)
            self.accept()
