"""The problems panel, the tenant list and the gap reports.

Signals:
    ProblemsPanel.problem_activated(object): the author clicked (or pressed Enter on) a
        problem: the :class:`Problem`.
    TenantList.tenant_chosen(str): a tenant was chosen (its id).
    GapsView.answer_requested(str, str, list): *Answer this*: tenant id, question id ('' =
        none), the operators' words (most frequent first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.errors import Problem
from operator_desk.studio.checks import StudioLibrary, TenantSummary
from operator_desk.studio.documents import StudioError
from operator_desk.studio.gaps import FileGaps, GapGroup, GapSource, LocalGaps, export_gaps, group_gaps

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR = QColor("#B71C1C")
WARNING = QColor("#E65100")


class ProblemsPanel(QWidget):
    problem_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.summary = QLabel()
        self.summary.setObjectName("problemsSummary")
        self.list = QTreeWidget()
        self.list.setObjectName("problemsList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Where"), self.tr("Problem")])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(True)
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)
        self.show_problems([], [])

    def show_problems(self, errors: list[Problem], warnings: list[Problem]) -> None:
        self.list.clear()
        for problem, colour, kind in ([(p, ERROR, self.tr("error")) for p in errors]
                                      + [(p, WARNING, self.tr("warning")) for p in warnings]):
            where = problem.file + (f":{problem.line}" if problem.line else "")
            item = QTreeWidgetItem([where, f"{kind}: {problem.message}"])
            item.setData(0, PROBLEM_ROLE, problem)
            item.setForeground(1, QBrush(colour))
            item.setToolTip(1, str(problem))
            self.list.addTopLevelItem(item)
        if not errors and not warnings:
            self.summary.setText(self.tr("✔ No problems: the desk can load this company's "
                                         "script as it is now."))
            self.summary.setStyleSheet("color: #2E7D32;")
        else:
            self.summary.setText(self.tr("{0} error(s), {1} warning(s). Click one to go "
                                         "there.").format(len(errors), len(warnings)))
            self.summary.setStyleSheet("color: #B71C1C;" if errors else "color: #E65100;")

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def _on_item(self, item: QTreeWidgetItem) -> None:
        self.problem_activated.emit(item.data(0, PROBLEM_ROLE))


class TenantList(QWidget):
    tenant_chosen = Signal(str)
    ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, library: StudioLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tenantList")
        self.library = library
        self.tree = QTreeWidget()
        self.tree.setObjectName("tenantTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New company…"))
        self.new_button.setObjectName("newTenant")
        self.new_button.setToolTip(self.tr("A new client company from the starter (Ctrl+N)"))
        self.duplicate_button = QPushButton(self.tr("Duplicate…"))
        self.duplicate_button.setObjectName("duplicateTenant")
        self.duplicate_button.setToolTip(self.tr("A copy of the selected company, with a new "
                                                 "name and a placeholder hotline"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.duplicate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>Client companies</b>")))
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tree.currentItemChanged.connect(self._on_current_changed)

    def fill(self, current: str = "") -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for tenant_id in self.library.tenant_ids():
            item = QTreeWidgetItem()
            item.setData(0, self.ID_ROLE, tenant_id)
            self._show(item, self.library.summary(tenant_id))
            self.tree.addTopLevelItem(item)
            if tenant_id == current:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)

    def select(self, tenant_id: str) -> None:
        """Mark ``tenant_id`` as the current one (without asking to open it again)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, self.ID_ROLE) == tenant_id and self.tree.currentItem() is not item:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)

    def update_tenant(self, tenant_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, self.ID_ROLE) == tenant_id:
                self._show(item, self.library.summary(tenant_id))

    def _show(self, item: QTreeWidgetItem, s: TenantSummary) -> None:
        mark = "…" if s.problems < 0 else ("✔" if s.problems == 0 else "✖")
        numbers = (s.numbers[0] if s.numbers else "") + (
            f"  +{len(s.numbers) - 1}" if len(s.numbers) > 1 else "")
        days = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                self.tr("Sat"), self.tr("Sun"))
        hours = (s.weekly.describe(days, self.tr("closed")) if s.weekly is not None
                 else self.tr("always open"))
        item.setText(0, f"{mark} {s.name}\n    {numbers}\n    {hours}")
        tip = (self.tr("not checked yet") if s.problems < 0 else
               self.tr("no problems") if s.problems == 0 else
               self.tr("{0} problem(s)").format(s.problems))
        item.setToolTip(0, f"{s.id}: {tip}\n" + "\n".join(s.numbers))
        item.setForeground(0, QBrush(ERROR if s.problems > 0 else QColor("#263238")))

    def _on_current_changed(self, item: QTreeWidgetItem | None, _: object) -> None:
        if item is not None:
            self.tenant_chosen.emit(item.data(0, self.ID_ROLE))

    def current_id(self) -> str:
        item = self.tree.currentItem()
        return item.data(0, self.ID_ROLE) if item is not None else ""


class GapsView(QWidget):
    answer_requested = Signal(str, str, list)
    GROUP_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, local: LocalGaps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gapsView")
        self.sources: list[GapSource] = [local]
        self.source = QComboBox()
        self.source.setObjectName("gapSource")
        self.source.addItem(self.tr("This PC's desks"), 0)
        self.open_file = QPushButton(self.tr("Open a file…"))
        self.open_file.setObjectName("openGapFile")
        self.open_file.setToolTip(self.tr("Reports exported from other desks (JSON or CSV)"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("exportGaps")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.answer_button = QPushButton(self.tr("Answer this"))
        self.answer_button.setObjectName("answerGap")
        self.answer_button.setToolTip(self.tr("Open the question in the editor (or a new "
                                              "question with the operators' words)"))
        self.floor_note = QLabel(self.tr("The call floor's database is not part of this "
                                         "build: export the reports from the desks instead."))
        self.floor_note.setWordWrap(True)
        self.floor_note.setStyleSheet("color: #607D8B;")
        self.tree = QTreeWidget()
        self.tree.setObjectName("gapTree")
        self.tree.setHeaderLabels([self.tr("Company / question"), self.tr("Reports"),
                                   self.tr("What operators typed")])
        self.tree.header().setStretchLastSection(True)
        self.tree.setWordWrap(True)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.source, 1)
        top.addWidget(self.open_file)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.answer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.floor_note)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.title_of: Callable[[str, str], str] = lambda tenant, question: question or tenant
        """(tenant id, question id or '') → what to call it (the window knows the scripts)."""
        self._reports: list = []
        self.source.activated.connect(lambda _: self.reload())
        self.open_file.clicked.connect(self._on_open_file_clicked)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.answer_button.clicked.connect(self._on_answer_clicked)
        self.tree.itemActivated.connect(lambda *_: self._on_answer_clicked())

    def add_file(self, path: Path) -> None:
        self.sources.append(FileGaps(path))
        self.source.addItem(path.name, len(self.sources) - 1)
        self.source.setCurrentIndex(self.source.count() - 1)
        self.reload()

    def _on_open_file_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Gap reports"), str(Path.home()),
                                              self.tr("Reports (*.json *.jsonl *.csv)"))
        if path:
            self.add_file(Path(path))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export gap reports"),
                                              str(Path.home() / "gaps.jsonl"),
                                              self.tr("JSON lines (*.jsonl)"))
        if path:
            count = export_gaps(Path(path), self._reports)
            self.status.setText(self.tr("{0} report(s) written to {1}").format(count, path))

    def reload(self) -> None:
        source = self.sources[int(self.source.currentData() or 0)]
        try:
            self._reports = source.reports()
        except StudioError as exc:
            self._reports = []
            self.status.setText(str(exc))
        self.tree.clear()
        for tenant_id, groups in group_gaps(self._reports).items():
            top = QTreeWidgetItem([self.title_of(tenant_id, ""),
                                   str(sum(g.count for g in groups)), ""])
            for g in groups:
                title = (self.title_of(tenant_id, g.question_id) if g.question_id
                         else self.tr("(at the top of the tree)"))
                words = "; ".join(f"«{w}»" + (f" ×{n}" if n > 1 else "")
                                  for w, n in g.words.most_common(5))
                child = QTreeWidgetItem([title, str(g.count), words])
                child.setData(0, self.GROUP_ROLE, g)
                child.setToolTip(2, "\n".join(f"{w} ({n})" for w, n in g.words.most_common()))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 320))
        self.tree.resizeColumnToContents(1)
        if self._reports:
            self.status.setText(self.tr("{0} report(s)").format(len(self._reports)))
        elif not self.status.text():
            self.status.setText(self.tr("No reports yet: operators file one with “No ready "
                                        "answer”."))

    def _on_answer_clicked(self) -> None:
        item = self.tree.currentItem()
        group: GapGroup | None = item.data(0, self.GROUP_ROLE) if item else None
        if group is None:
            return
        words = [w for w, _ in group.words.most_common()]
        self.answer_requested.emit(group.tenant_id, group.question_id, words)
