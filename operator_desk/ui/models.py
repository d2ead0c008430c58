"""Qt models over the core's script data. Models hold data; views only show it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from operator_desk.core.model import Question, Table

QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_ANSWER_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class QuestionTreeModel(QStandardItemModel):
    """The question tree of one tenant, top questions in the operator group's order."""

    def __init__(self, top: Sequence[Question], parent: Any = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        root = self.invisibleRootItem()
        for question in top:
            root.appendRow(self._item(question))

    def _item(self, question: Question) -> QStandardItem:
        text = question.question
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(question.id, QUESTION_ID_ROLE)
        item.setData(question.no_ready_answer, NO_ANSWER_ROLE)
        if question.no_ready_answer:
            item.setToolTip("⚠")
        # A question listed first for the group also stays in its place in the tree;
        # keep the first item made for an id as the one found by id.
        self._items.setdefault(question.id, item)
        for child in question.children:
            item.appendRow(self._item(child))
        return item

    def index_of(self, question_id: str) -> QModelIndex:
        item = self._items.get(question_id)
        return item.index() if item is not None else QModelIndex()


class ReferenceTableModel(QAbstractTableModel):
    """Rows of a reference table, restricted to the columns a question shows."""

    def __init__(self, table: Table, columns: Sequence[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.columns = tuple(columns) or table.columns
        self._col_index = [table.column_index(c) for c in self.columns]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.table.rows[index.row()][self._col_index[index.column()]]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return section + 1

    def cell(self, row: int, column: str) -> str:
        """A cell of the whole table by column name, shown or not."""
        return self.table.rows[row][self.table.column_index(column)]

    def row_values(self, row: int) -> dict[str, str]:
        return {c: self.table.rows[row][i] for c, i in zip(self.columns, self._col_index, strict=True)}


class TableFilterModel(QSortFilterProxyModel):
    """Filters rows by free text across all cells and, optionally, one column's value.

    Matching ignores case and treats ё as е, as the operator types.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._column: int | str = -1
        """A shown column's index, or the name of any column of the table."""
        self._column_value = ""
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    @staticmethod
    def _fold(text: str) -> str:
        return text.casefold().replace("ё", "е")

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = self._fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_column_filter(self, column: int | str, value: str) -> None:
        """Keep the rows whose ``column`` (a shown column's index, or the name of any of
        the table's columns, shown or not) contains ``value``; -1 or '' for none."""
        self.beginFilterChange()
        self._column, self._column_value = column, self._fold(value.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if self._column_value and isinstance(self._column, str) and self._column \
                and isinstance(model, ReferenceTableModel) \
                and self._column in model.table.columns:
            if self._column_value not in self._fold(model.cell(source_row, self._column)):
                return False
        elif self._column_value and isinstance(self._column, int) and self._column >= 0:
            cell = self._fold(str(model.index(source_row, self._column, source_parent).data()))
            if self._column_value not in cell:
                return False
        if not self._words:
            return True
        row = " ".join(
            self._fold(str(model.index(source_row, c, source_parent).data()))
            for c in range(model.columnCount())
        )
        return all(word in row for word in self._words)
