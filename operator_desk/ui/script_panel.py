"""The tenant's script: search box, question tree, the answer to read, reference tables.

:class:`ScriptPanel` is the whole pane (its signals are listed on it); it is built of a
:class:`SearchBox`, the question tree and the search results, the answer, and a
:class:`TablePane` for a question's reference table; :class:`CompareDialog` shows the
table rows the operator selected side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import ceil

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.desk import PreparedTenant
from operator_desk.core.errors import TemplateError
from operator_desk.core.greeting import escape_html, render_template
from operator_desk.core.model import Question, Table, TableView
from operator_desk.ui.models import (
    QUESTION_ID_ROLE,
    QuestionTreeModel,
    ReferenceTableModel,
    TableFilterModel,
)
from operator_desk.ui.tables import Fit, Measure, fit_columns, measure, prepare

HIT_ROLE = Qt.ItemDataRole.UserRole + 10
ANSWER_MAX_SHARE = 0.6
"""Above a reference table, the answer takes the height its text needs, at most this
share of the pane and at least :data:`ANSWER_MIN_SHARE`."""
ANSWER_MIN_SHARE = 0.25


class SearchBox(QLineEdit):
    """The script's search box: Up or Down hands the focus to the list below it (signal
    ``arrow_pressed``), Esc empties it (and, once empty, goes on to the window).

    A key handler of its own rather than an event filter: a filter would bring every
    event of the box (paints, the cursor's blink twice a second) into Python all shift.
    """

    arrow_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.arrow_pressed.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


@dataclass(slots=True)
class _TenantView:
    prepared: PreparedTenant
    tree: QuestionTreeModel


def _question_tree() -> QTreeView:
    tree = QTreeView()
    tree.setObjectName("questionTree")
    tree.setHeaderHidden(True)
    # Long questions wrap onto a second line rather than end in "…" (rows of their own
    # heights: a script's tree has tens of questions, not thousands).
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    font = tree.font()
    font.setPointSizeF(font.pointSizeF() * 1.12)
    tree.setFont(font)
    tree.setStyleSheet("QTreeView::item { padding: 3px 0; }")
    return tree


def _results_list(font: QFont) -> QListWidget:
    results = QListWidget()
    results.setObjectName("searchResults")
    results.setWordWrap(True)
    # Results wrap to the pane: never a sideways scroll (the item padding below made
    # wrapped lines a few pixels wider than the viewport), and re-wrap when it resizes.
    results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    results.setResizeMode(QListView.ResizeMode.Adjust)
    results.setFont(font)
    results.setStyleSheet(
        "QListWidget::item { padding: 4px 2px; border-bottom: 1px solid #ECEFF1; }"
        "QListWidget::item:selected { background: #BBDEFB; color: #000000; }")
    return results


def _answer_view() -> QTextBrowser:
    answer = QTextBrowser()
    answer.setObjectName("answerText")
    answer.setOpenLinks(False)
    font = answer.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    answer.setFont(font)
    return answer


def _column(*parts: QWidget | QHBoxLayout, stretch: QWidget | None = None) -> QWidget:
    """A margin-less column of ``parts``; ``stretch`` (one of them) takes the spare height."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is stretch else 0)
    return box


class FittedTableView(QTableView):
    """A table view whose columns are fitted to its width again when it is resized
    (signal ``resized``; the pane fits them once the resizing settles)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class TablePane(QWidget):
    """A question's reference table: a filter over every cell, an optional filter on one
    column (prefilled from the question's template, e.g. the caller's city), the table,
    and Compare for the rows the operator selected. Columns fit the pane, their text
    wrapped if need be; a table wider than the pane says so, and which columns are out of
    sight, instead of cutting them off.

    Signals:
        hint(str): something to tell the operator (e.g. to select two rows first).
    """

    hint = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: ReferenceTableModel | None = None
        """The table shown (None before the first)."""
        self.table_filter = QLineEdit()
        self.table_filter.setObjectName("tableFilter")
        self.table_filter.setPlaceholderText(self.tr("Filter the table… (Ctrl+Shift+F)"))
        self.table_filter.setClearButtonEnabled(True)
        self.city_filter = QLineEdit()
        self.city_filter.setObjectName("columnFilter")
        self.city_filter.setClearButtonEnabled(True)
        self.city_label = QLabel()
        self.compare = QPushButton(self.tr("Compare selected (Ctrl+M)"))
        self.compare.setObjectName("compareButton")
        self.compare_dialog: CompareDialog | None = None
        self.too_wide = QLabel()
        self.too_wide.setObjectName("tableTooWide")
        self.too_wide.setWordWrap(True)
        self.too_wide.setStyleSheet("color: #E65100;")
        self.too_wide.hide()
        self.fit = Fit((), False)
        """How the columns were fitted last."""
        self._measured = Measure((), ())
        self.proxy = TableFilterModel(self)
        self.table = self._build_table()
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(40)
        self._refit.timeout.connect(self.fit_columns)
        self._lay_out()
        self.table_filter.textChanged.connect(self.proxy.set_text)
        self.city_filter.textChanged.connect(self._on_city_filter_changed)
        self.compare.clicked.connect(self._on_compare_clicked)
        self.table.resized.connect(self._refit.start)
        self.proxy.layoutChanged.connect(self._on_rows_changed)
        self.proxy.rowsInserted.connect(self._on_rows_changed)
        self.proxy.rowsRemoved.connect(self._on_rows_changed)

    def _build_table(self) -> FittedTableView:
        table = FittedTableView()
        table.setObjectName("referenceTable")
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        prepare(table)
        table.verticalHeader().setVisible(False)
        table.setModel(self.proxy)
        return table

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.table_filter, 2)
        filters.addWidget(self.city_label)
        filters.addWidget(self.city_filter, 1)
        filters.addWidget(self.compare)
        layout.addLayout(filters)
        layout.addWidget(self.too_wide)
        layout.addWidget(self.table, 1)

    def show_table(self, table: Table, view: TableView, render: Callable[[str], str]) -> None:
        """Show ``view`` of ``table``, unfiltered but for the view's column filter (its
        template rendered by ``render``)."""
        self.proxy.set_column_filter(-1, "")  # the last table's filter means nothing here
        self.model = ReferenceTableModel(table, view.columns, self)
        self.proxy.setSourceModel(self.model)
        self.table_filter.blockSignals(True)
        self.table_filter.clear()
        self.table_filter.blockSignals(False)
        self.proxy.set_text("")
        if view.filter is not None and view.filter.column in table.columns:
            # The column may not be among those shown (the TV question filters the models
            # by «Категория» without showing it).
            value = render(view.filter.value)
            self.city_label.setText(view.filter.column + ":")
            self.city_label.show()
            self.city_filter.show()
            self.city_filter.setProperty("column", view.filter.column)
            self.city_filter.blockSignals(True)
            self.city_filter.setText(value)
            self.city_filter.blockSignals(False)
            self.proxy.set_column_filter(view.filter.column, value)
        else:
            self.city_label.hide()
            self.city_filter.hide()
            self.city_filter.setProperty("column", None)
            self.proxy.set_column_filter(-1, "")
        self.compare.setVisible(view.compare)
        self._measured = measure(self.table)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Fit the columns to the pane's width now; say so when the table is wider."""
        if self.model is None:
            return
        self.fit = fit_columns(self.table, self._measured)
        if not self.fit.overflow:
            self.too_wide.hide()
            return
        names = [str(self.proxy.headerData(c, Qt.Orientation.Horizontal)) for c in self.fit.overflow]
        text = self.tr("The table is wider than the pane: %n more column(s) to the right (",
                       "", len(names)) + ", ".join(names) + ") — "
        text += (self.tr("scroll right (Shift+wheel), or select rows and compare them (Ctrl+M)")
                 if self.compare.isVisible() else self.tr("scroll right (Shift+wheel)"))
        self.too_wide.setText(text)
        self.too_wide.show()

    def _on_rows_changed(self, *_: object) -> None:
        """Rows filtered or sorted: their heights once the view has them (never inside
        the model's own change)."""
        self._refit.start()

    def show_row(self, key: str) -> None:
        """Narrow the table to the row with this key (whatever the column filter said)."""
        self.city_filter.clear()
        self.proxy.set_column_filter(-1, "")
        self.table_filter.setText(key)

    def selected_rows(self) -> list[dict[str, str]]:
        if self.model is None:
            return []
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_values(r) for r in rows]

    def _on_city_filter_changed(self, text: str) -> None:
        column = self.city_filter.property("column")
        if column:
            self.proxy.set_column_filter(str(column), text)

    def compare_selected(self) -> None:
        """The selected rows side by side (window-modal: the call's events go on)."""
        if not self.isVisible() or not self.compare.isVisible():
            return
        rows = self.selected_rows()
        if len(rows) < 2:
            self.hint.emit(self.tr("Select two or more rows (Ctrl+click, or Shift+↓) to compare "
                                   "them"))
            return
        self.compare_dialog = CompareDialog(rows, self.window())
        self.compare_dialog.open()

    def _on_compare_clicked(self) -> None:
        self.compare_selected()


class ScriptPanel(QWidget):
    """The script of the tenant on the line: on the left the search box over the question
    tree (or over the search's results), on the right the question's path with Back, the
    answer to read out over its reference table (:class:`TablePane`), and the actions.

    Signals:
        transfer_requested(str): a question's transfer button (directory entry id, '' = choose).
        callback_requested(): a question's callback button.
        no_answer_requested(str): "no ready answer" at a question (its id, '' at the top).
        question_opened(str): the operator opened a question (its id), for the call record.
    """

    transfer_requested = Signal(str)
    callback_requested = Signal()
    no_answer_requested = Signal(str)
    question_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._views: dict[tuple[str, str], _TenantView] = {}
        self._current: _TenantView | None = None
        self._question: Question | None = None
        self._history: list[str] = []
        self._variables: Callable[[], dict[str, object]] = dict
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_question_side())
        split.addWidget(self._build_answer_side())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([300, 900])  # the tables need the width; the tree wraps
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._connect()
        self.clear()

    # -- building --------------------------------------------------------------------

    def _build_question_side(self) -> QWidget:
        """The search box over a stack of the question tree and the search's results."""
        self.search = SearchBox()
        self.search.setObjectName("scriptSearch")
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F): questions, answers, tables"))
        self.search.setClearButtonEnabled(True)
        self.tree = _question_tree()
        self.results = _results_list(self.tree.font())
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.tree)
        self.left_stack.addWidget(self.results)
        return _column(self.search, self.left_stack, stretch=self.left_stack)

    def _build_answer_side(self) -> QWidget:
        """Back and the question's path; the answer over its table; the actions."""
        self.back = QPushButton(self.tr("← Back"))
        self.back.setObjectName("backButton")
        self.back.setToolTip(self.tr("The question before (Alt+←)"))
        self.back.setEnabled(False)
        self.crumbs = QLabel()
        self.crumbs.setObjectName("breadcrumbs")
        self.crumbs.setTextFormat(Qt.TextFormat.PlainText)
        self.crumbs.setWordWrap(True)
        self.answer = _answer_view()
        self.table_box = TablePane()
        # The table pane's parts, reachable from the panel as they always were.
        self.table_filter = self.table_box.table_filter
        self.city_filter = self.table_box.city_filter
        self.compare = self.table_box.compare
        self.table = self.table_box.table
        self.proxy = self.table_box.proxy
        self.answer_split = QSplitter(Qt.Orientation.Vertical)
        self.answer_split.addWidget(self.answer)
        self.answer_split.addWidget(self.table_box)
        self.answer_split.setStretchFactor(0, 1)
        self.answer_split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.crumbs, 1)
        return _column(top, self.answer_split, self._build_actions(), stretch=self.answer_split)

    def _build_actions(self) -> QHBoxLayout:
        self.transfer = QPushButton(self.tr("Transfer… (Ctrl+T)"))
        self.transfer.setObjectName("scriptTransfer")
        self.callback = QPushButton(self.tr("Callback… (Ctrl+B)"))
        self.callback.setObjectName("scriptCallback")
        self.no_answer = QPushButton(self.tr("No ready answer (Ctrl+N)"))
        self.no_answer.setObjectName("noAnswerButton")
        self.no_answer.setToolTip(self.tr("The script has no answer to this: tell the script's "
                                          "authors, then transfer or take a callback"))
        actions = QHBoxLayout()
        actions.addWidget(self.transfer)
        actions.addWidget(self.callback)
        actions.addStretch(1)
        actions.addWidget(self.no_answer)
        return actions

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.arrow_pressed.connect(self._on_search_arrow_pressed)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.clicked.connect(self._on_tree_activated)
        self.results.itemActivated.connect(self._on_result_activated)
        self.results.itemClicked.connect(self._on_result_activated)
        self.back.clicked.connect(self.go_back)
        self.answer.anchorClicked.connect(self._on_answer_anchor_clicked)
        self.table_box.hint.connect(self.crumbs.setText)
        self.transfer.clicked.connect(self._on_transfer_clicked)
        self.callback.clicked.connect(self.callback_requested)
        self.no_answer.clicked.connect(self._on_no_answer_clicked)
        QShortcut(QKeySequence("Alt+Left"), self, self.go_back)

    # -- life cycle ------------------------------------------------------------------

    def prepare(self, prepared: PreparedTenant, group: str) -> None:
        """Build the tenant's tree model ahead of any call (cached per tenant and group)."""
        key = (prepared.tenant.id, group)
        if key not in self._views:
            self._views[key] = _TenantView(prepared, QuestionTreeModel(prepared.top_questions(group), self))

    def show_tenant(self, prepared: PreparedTenant | None, group: str,
                    variables: Callable[[], dict[str, object]]) -> None:
        """Show this tenant's script for a new call, with the search box focused."""
        self._variables = variables
        self._history.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.left_stack.setCurrentWidget(self.tree)
        if prepared is None:
            self._current = None
            self.tree.setModel(None)
            self._show_question(None)
            self.setEnabled(True)
            return
        self.prepare(prepared, group)
        self._current = self._views[(prepared.tenant.id, group)]
        self.tree.setModel(self._current.tree)
        self._show_question(None)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def keep_only(self, tenant_ids: Iterable[str]) -> None:
        """Drop the tree models of tenants the desk no longer keeps prepared (never the
        one on screen)."""
        keep = set(tenant_ids)
        for key in [k for k, view in self._views.items()
                    if k[0] not in keep and view is not self._current]:
            del self._views[key]

    def forget_prepared(self) -> None:
        """Drop the tree models built for the previous scripts library."""
        self.clear()
        self._views.clear()

    def clear(self) -> None:
        """No call: no script, and nothing left of the last call's search."""
        self._current = None
        self.tree.setModel(None)
        self.results.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.left_stack.setCurrentWidget(self.tree)
        self._history.clear()
        self._show_question(None)

    @property
    def current_question(self) -> Question | None:
        return self._question

    # -- showing a question ----------------------------------------------------------

    def open_question(self, question_id: str, *, remember: bool = True) -> None:
        if self._current is None or self._current.prepared.script is None:
            return
        question = self._current.prepared.script.find(question_id)
        if question is None:
            return
        if remember and self._question is not None and self._question.id != question_id:
            self._history.append(self._question.id)
        self._show_question(question)
        index = self._current.tree.index_of(question_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.expand(index)
        self.question_opened.emit(question_id)

    def refresh_answer(self) -> None:
        """Render the open question's words and answer again from the script, the table
        left as it is (the script studio, while the author types an answer)."""
        if self._question is None or self._current is None or self._current.prepared.script is None:
            return
        question = self._current.prepared.script.find(self._question.id)
        if question is not None:
            self._question = question
            self.answer.setHtml(self._answer_html(question))

    def go_back(self) -> None:
        if self._history:
            self.open_question(self._history.pop(), remember=False)

    def _show_question(self, question: Question | None) -> None:
        self._question = question
        self.back.setEnabled(bool(self._history))
        if question is None or self._current is None:
            self.crumbs.setText(self.tr("Pick the caller's question, or type to search"))
            self.answer.setHtml("")
            self.table_box.hide()
            self.transfer.setDefault(False)
            return
        script = self._current.prepared.script
        assert script is not None
        self.crumbs.setText(" › ".join(q.question for q in script.path_to(question.id)))
        self.answer.setHtml(self._answer_html(question))
        if question.table is not None and question.table.table in script.tables:
            self.table_box.show_table(script.tables[question.table.table], question.table, self._render)
            self.table_box.show()
            self._fit_answer_to_text()
            self.table_box.fit_columns()  # for the width it has now it is shown
        else:
            self.table_box.hide()

    def refit_answer(self) -> None:
        """The pane's height changed for good (the wrap-up opened below it): give the
        answer the height its text needs again, once the layout has settled."""
        if self.table_box.isVisible():
            QTimer.singleShot(0, self._fit_answer_to_text)

    def _fit_answer_to_text(self) -> None:
        """With a table below, give the answer the height its text needs (the operator
        reads all of it out), up to 60% of the pane; the table takes the rest and scrolls.
        Resizing the window later keeps the proportions (the splitter's own behaviour)."""
        total = sum(self.answer_split.sizes())
        if total <= 0:  # not laid out yet: the stretch factors decide
            return
        # Measured as if the scroll bar took its room: then the text surely fits without it.
        frame = 2 * self.answer.frameWidth()
        document = self.answer.document()
        document.setTextWidth(self.answer.width() - frame
                              - self.answer.verticalScrollBar().sizeHint().width())
        needed = ceil(document.size().height()) + frame + 2
        answer = max(min(needed, int(total * ANSWER_MAX_SHARE)), int(total * ANSWER_MIN_SHARE))
        self.answer_split.setSizes([answer, total - answer])

    def _render(self, source: str) -> str:
        try:
            return render_template(source, self._variables())
        except TemplateError:  # the validator tells the author; the operator reads the text
            return source

    def _answer_html(self, question: Question) -> str:
        text = escape_html(self._render(question.answer)) if question.answer else ""
        paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>"
                             for p in text.split("\n\n") if p.strip())
        parts = [f"<h3>{escape_html(question.question)}</h3>", paragraphs]
        if question.no_ready_answer:
            parts.append("<p style='color:#B71C1C'><b>" + escape_html(self.tr(
                "There is no prepared answer: transfer the call or take a callback request."))
                + "</b></p>")
        if question.children:
            items = "".join(f"<li><a href='q:{c.id}'>{escape_html(c.question)}</a></li>"
                            for c in question.children)
            heading = self.tr("Follow-up questions:")
            parts.append(f"<p>{escape_html(heading)}</p><ul>{items}</ul>")
        return "".join(parts)

    # -- search ----------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        if not text.strip() or self._current is None or self._current.prepared.index is None:
            self.left_stack.setCurrentWidget(self.tree)
            return
        hits = self._current.prepared.index.search(text, 30)
        self.results.clear()
        for hit in hits:
            label = hit.title if hit.kind == "question" else f"▦ {hit.title}"
            if hit.snippet:
                label += f"\n    {hit.snippet}"
            item = QListWidgetItem(label)
            item.setData(HIT_ROLE, (hit.kind, hit.ref))
            self.results.addItem(item)
        if not hits:
            item = QListWidgetItem(self.tr("Nothing found. Use “No ready answer” to transfer "
                                           "or take a callback."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        else:
            self.results.setCurrentRow(0)
        self.left_stack.setCurrentWidget(self.results)

    def _on_search_return_pressed(self) -> None:
        item = self.results.currentItem()
        if self.left_stack.currentWidget() is self.results and item is not None:
            self._on_result_activated(item)

    def _on_search_arrow_pressed(self) -> None:
        target = self.results if self.left_stack.currentWidget() is self.results else self.tree
        target.setFocus()
        if target is self.tree and not self.tree.currentIndex().isValid() \
                and self.tree.model() is not None:
            self.tree.setCurrentIndex(self.tree.model().index(0, 0))

    def _on_result_activated(self, item: QListWidgetItem) -> None:
        data = item.data(HIT_ROLE)
        if not data:
            return
        kind, ref = data
        if kind == "question":
            self.open_question(ref)
            return
        table_id, _, row = ref.partition(":")
        self._open_row(table_id, int(row))

    def _open_row(self, table_id: str, row: int) -> None:
        """Show the question that presents this table, filtered to the row found."""
        if self._current is None or self._current.prepared.script is None:
            return
        script = self._current.prepared.script
        owner = next((q for q in script.walk() if q.table and q.table.table == table_id), None)
        if owner is None:
            return
        self.open_question(owner.id)
        table = script.tables[table_id]
        self.table_box.show_row(table.row_dict(row)[table.key])

    # -- actions ---------------------------------------------------------------------

    def _on_tree_activated(self, index: QModelIndex) -> None:
        question_id = index.data(QUESTION_ID_ROLE)
        if question_id:
            self.open_question(question_id)

    def _on_answer_anchor_clicked(self, url: QUrl) -> None:
        link = url.toString()
        if link.startswith("q:"):
            self.open_question(link[2:])

    def _on_transfer_clicked(self) -> None:
        target = ""
        if self._question is not None:
            target = next((a.target for a in self._question.actions if a.kind == "transfer"), "")
        self.transfer_requested.emit(target)

    def _on_no_answer_clicked(self) -> None:
        self.no_answer_requested.emit(self._question.id if self._question else "")

    def selected_rows(self) -> list[dict[str, str]]:
        """The rows of the reference table the operator selected (each by column)."""
        return self.table_box.selected_rows()


class CompareDialog(QDialog):
    """Selected products side by side: one column per product, one row per property."""

    def __init__(self, rows: list[dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare"))
        self.setObjectName("compareDialog")
        properties = list(rows[0])
        grid = QTableWidget(len(properties) - 1, len(rows))
        grid.setObjectName("compareGrid")
        grid.setHorizontalHeaderLabels([r[properties[0]] for r in rows])
        grid.setVerticalHeaderLabels(properties[1:])
        for col, row in enumerate(rows):
            for r, prop in enumerate(properties[1:]):
                item = QTableWidgetItem(row[prop])
                values = {x[prop] for x in rows}
                if len(values) > 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(r, col, item)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.setWordWrap(True)
        self.grid = grid
        QTimer.singleShot(0, grid.resizeRowsToContents)  # once its columns have widths
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip(self.tr("Close (Esc)"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Differences are in bold.")))
        layout.addWidget(grid)
        layout.addWidget(buttons)
        self.resize(240 * len(rows) + 160, 460)
