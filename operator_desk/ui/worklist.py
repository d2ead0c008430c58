"""Callbacks to make: the work list, the outcome of each attempt, and the preview dialer.

CallbackListDialog signals:
    call_now(object): a :class:`storage.callbacks.CallbackRequest` to dial.
AttemptOutcomeDialog signals:
    chosen(str): an :class:`AttemptOutcome` value for the attempt just made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.numbers import format_for_display
from operator_desk.storage.callbacks import AttemptOutcome, CallbackRequest
from operator_desk.ui.tables import FittedTableWidget

REQUEST_ROLE = Qt.ItemDataRole.UserRole + 40
Loader = Callable[[bool], Sequence[CallbackRequest]]
"""Returns the open callback requests; True: only those due now."""


def _when(ns: int | None) -> str:
    return datetime.fromtimestamp(ns / 1e9).strftime("%d.%m %H:%M") if ns else ""


class CallbackListDialog(QDialog):
    call_now = Signal(object)

    def __init__(self, load: Loader, tenant_names: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbackList")
        self.setWindowTitle(self.tr("Callbacks to make"))
        self._load = load
        self._names = dict(tenant_names)
        self.due_only = QCheckBox(self.tr("&Only those due now (Alt+O)"))
        self.due_only.setObjectName("dueOnly")
        self.due_only.setChecked(True)
        self.table = FittedTableWidget(0, 6)
        self.table.setObjectName("callbackTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Next attempt"), self.tr("Company"), self.tr("Name"), self.tr("Number"),
            self.tr("Attempts"), self.tr("Request"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.call = QPushButton(self.tr("Call now (Enter)"))
        self.call.setObjectName("callNow")
        self.call.setDefault(True)
        top = QHBoxLayout()
        top.addWidget(self.due_only)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.call)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.due_only.toggled.connect(self.refresh)
        self.call.clicked.connect(self._on_call_clicked)
        self.table.itemDoubleClicked.connect(self._on_call_clicked)
        self.resize(1100, 480)
        self.refresh()

    def refresh(self) -> None:
        requests = list(self._load(self.due_only.isChecked()))
        self.table.setRowCount(len(requests))
        for row, request in enumerate(requests):
            details = "; ".join(v for k, v in request.fields.items()
                                if v and k not in ("name", "phone", "question",
                                                   "library_version"))
            cells = [
                _when(request.next_attempt_ns or request.preferred_ns or request.created_ns),
                self._names.get(request.tenant_id, request.tenant_id),
                request.name, format_for_display(request.number), str(request.attempts),
                details or request.note,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(REQUEST_ROLE, request)
                self.table.setItem(row, col, item)
        if requests:
            self.table.selectRow(0)
        self.summary.setText(self.tr("{0} callback(s)").format(len(requests)))
        self.call.setEnabled(bool(requests))
        self.table.refit()

    def _on_call_clicked(self, *_: object) -> None:
        item = self.table.item(max(0, self.table.currentRow()), 0)
        if item is not None:
            self.call_now.emit(item.data(REQUEST_ROLE))
            self.accept()


class AttemptOutcomeDialog(QDialog):
    """After a callback call: how did the attempt go?"""

    chosen = Signal(str)

    def __init__(self, request: CallbackRequest, tenant_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attemptOutcome")
        self.setWindowTitle(self.tr("Callback result"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Callback to {0} ({1}) for {2}: how did it go?").format(
            request.name or format_for_display(request.number),
            format_for_display(request.number), tenant_name)))
        row = QHBoxLayout()
        self.buttons: dict[AttemptOutcome, QPushButton] = {}
        for number, (outcome, text) in enumerate((
            (AttemptOutcome.DONE, self.tr("Done")),
            (AttemptOutcome.NO_ANSWER, self.tr("No answer")),
            (AttemptOutcome.BUSY, self.tr("Busy")),
            (AttemptOutcome.WRONG_NUMBER, self.tr("Wrong number")),
        ), 1):
            button = QPushButton(f"&{number} {text}")
            button.setToolTip(self.tr("Alt+{0} or {0}").format(number))
            QShortcut(QKeySequence(str(number)), self, button.click)
            button.setObjectName(f"outcome_{outcome.value}")
            button.clicked.connect(lambda _=False, o=outcome: self._choose(o))
            row.addWidget(button)
            self.buttons[outcome] = button
        layout.addLayout(row)

    def _choose(self, outcome: AttemptOutcome) -> None:
        self.chosen.emit(outcome.value)
        self.accept()
