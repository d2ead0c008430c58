"""Importing a spreadsheet into a table: match the columns, see what changes, then import.

Each column of the sheet goes to a column of the table, to a new column, or nowhere; the
summary below says which rows would be added, removed or changed (by the table's key
column) before anything is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.greeting import escape_html
from operator_desk.studio.csvdoc import CsvDocument
from operator_desk.studio.documents import StudioError
from operator_desk.studio.tables_io import SKIP, ImportPlan, Sheet, plan_import, read_sheet, suggest_mapping

SAMPLES = 3


class ImportDialog(QDialog):
    def __init__(self, path: Path, doc: CsvDocument, key: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import {0}").format(path.name))
        self.path, self.doc, self.key = path, doc, key
        self.sheet: Sheet = read_sheet(path)
        self.plan: ImportPlan | None = None
        self.sheet_choice = QComboBox()
        self.sheet_choice.setObjectName("importSheet")
        self.sheet_choice.addItems(list(self.sheet.sheets) or [self.sheet.name])
        self.sheet_choice.setVisible(len(self.sheet.sheets) > 1)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("importMapping")
        self.mapping.setHorizontalHeaderLabels([self.tr("Column in the file"),
                                                self.tr("Goes to"), self.tr("First values")])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().setVisible(False)
        self.summary = QTextBrowser()
        self.summary.setObjectName("importSummary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Match each column of the file to a column of the table.")), 1)
        top.addWidget(self.sheet_choice)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping, 3)
        layout.addWidget(QLabel(self.tr("What the import changes:")))
        layout.addWidget(self.summary, 2)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sheet_choice.activated.connect(self._on_sheet_activated)
        self._fill()
        self.resize(760, 560)

    def _on_sheet_activated(self, _: int) -> None:
        try:
            self.sheet = read_sheet(self.path, self.sheet_choice.currentText())
        except StudioError as exc:
            self.summary.setPlainText(str(exc))
            return
        self._fill()

    def _fill(self) -> None:
        guess = suggest_mapping(self.sheet.header, self.doc.header)
        self.mapping.setRowCount(len(self.sheet.header))
        for row, name in enumerate(self.sheet.header):
            self.mapping.setItem(row, 0, QTableWidgetItem(name))
            combo = QComboBox()
            combo.setObjectName(f"mapColumn{row}")
            for column in self.doc.header:
                combo.addItem(column, column)
            if name not in self.doc.header:
                combo.addItem(self.tr("new column «{0}»").format(name), name)
            combo.addItem(self.tr("(do not import)"), SKIP)
            combo.setCurrentIndex(max(combo.findData(guess[row]), 0))
            combo.activated.connect(lambda _=0: self._replan())
            self.mapping.setCellWidget(row, 1, combo)
            samples = ", ".join(r[row] for r in self.sheet.rows[:SAMPLES] if r[row])
            self.mapping.setItem(row, 2, QTableWidgetItem(samples))
        self.mapping.resizeColumnsToContents()
        self._replan()

    def chosen_mapping(self) -> list[str]:
        return [self.mapping.cellWidget(r, 1).currentData()  # type: ignore[union-attr]
                for r in range(self.mapping.rowCount())]

    def choose(self, row: int, target: str) -> None:
        combo = self.mapping.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(target))
        self._replan()

    def _replan(self) -> None:
        try:
            self.plan = plan_import(self.sheet, self.chosen_mapping(), self.doc.header,
                                    [r.cells for r in self.doc.rows], self.key)
        except StudioError as exc:
            self.plan = None
            self.summary.setHtml(f"<p style='color:#B71C1C'>{escape_html(str(exc))}</p>")
            self.import_button.setEnabled(False)
            return
        self.import_button.setEnabled(not self.plan.empty)
        self.summary.setHtml(self._summary_html(self.plan))

    def _summary_html(self, plan: ImportPlan) -> str:
        e = escape_html
        if plan.empty:
            return "<p>" + e(self.tr("Nothing changes: the table already holds these rows.")) + "</p>"

        def listed(title: str, items: list[str]) -> str:
            if not items:
                return ""
            shown = ", ".join(e(i) for i in items[:12]) + (" …" if len(items) > 12 else "")
            return f"<p><b>{e(title)}</b> ({len(items)}): {shown}</p>"

        changed = [f"{key} ({', '.join(cols)})" for key, cols in plan.changed]
        return "".join([
            listed(self.tr("Rows added"), plan.added),
            listed(self.tr("Rows removed"), plan.removed),
            listed(self.tr("Rows changed"), changed),
            listed(self.tr("New columns"), plan.new_columns),
            listed(self.tr("Columns removed"), plan.dropped_columns),
            "<p>" + e(self.tr("{0} row(s) stay as they are.").format(plan.unchanged)) + "</p>",
        ])
