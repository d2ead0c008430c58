"""The table editor: a reference table as a grid with typed columns and checked cells.

Each column has a type (text, number, money, phone, address, hours, URL) kept in
``tenant.yaml`` (``tables.<id>.types``); a cell that does not fit is red, with the reason
in its tooltip and in the problems panel. Rows and columns are added, deleted and
renamed here (a renamed column is renamed where questions use it too); *Import…* takes
an ``.xlsx`` or ``.csv`` file through a column-mapping step; *Export…* writes ``.xlsx``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.cells import CELL_TYPES, check_cell
from operator_desk.studio import operations as ops
from operator_desk.studio import questions as q
from operator_desk.studio.checks import table_document
from operator_desk.studio.csvdoc import CsvDocument
from operator_desk.studio.documents import StudioError
from operator_desk.studio.ids import unique_id
from operator_desk.studio.tables_io import export_xlsx
from operator_desk.studio.yamldoc import MISSING, flow_list
from operator_desk.ui.studio.session import StudioSession

_Index = QModelIndex | QPersistentModelIndex
BAD_CELL = QColor("#FFCDD2")


class CsvTableModel(QAbstractTableModel):
    """A :class:`CsvDocument` as a grid; an edit becomes a :class:`SetCell` on the stack."""

    def __init__(self, session: StudioSession, doc: CsvDocument, types: dict[str, str],
                 region: str) -> None:
        super().__init__()
        self.session, self.doc, self.types, self.region = session, doc, types, region

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc.header)

    def _problem(self, row: int, column: int) -> str:
        kind = self.types.get(self.doc.header[column], "text")
        return check_cell(kind, self.doc.cell(row, column), self.region)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.doc.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and self._problem(index.row(), index.column()):
            return QBrush(BAD_CELL)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._problem(index.row(), index.column()) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section >= len(self.doc.header):
            return None
        name = self.doc.header[section]
        kind = self.types.get(name, "text")
        return name if kind == "text" else f"{name} · {self.type_names().get(kind, kind)}"

    def type_names(self) -> dict[str, str]:
        return {"text": self.tr("text"), "number": self.tr("number"), "money": self.tr("money"),
                "phone": self.tr("phone"), "address": self.tr("address"),
                "hours": self.tr("opening hours"), "url": self.tr("web address")}

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = str(value)
        if text == self.doc.cell(index.row(), index.column()):
            return False
        uid = self.doc.rows[index.row()].uid
        return self.session.push(ops.SetCell(self.doc.rel, uid, index.column(), text))

    def reset(self, types: dict[str, str]) -> None:
        self.beginResetModel()
        self.types = types
        self.endResetModel()


class TableEditor(QWidget):
    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableEditor")
        self.session = session
        self.model: CsvTableModel | None = None
        self.tables = QComboBox()
        self.tables.setObjectName("tableChoice")
        self.new_button = QPushButton(self.tr("New table…"))
        self.new_button.setObjectName("newTable")
        self.delete_table_button = QPushButton(self.tr("Delete table"))
        self.delete_table_button.setObjectName("deleteTable")
        self.title = QLineEdit()
        self.title.setObjectName("tableTitle")
        self.title.setPlaceholderText(self.tr("The table's title, as the operator sees it"))
        self.key = QComboBox()
        self.key.setObjectName("tableKey")
        self.key.setToolTip(self.tr("The column that names a row (what search results show)"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Table")))
        top.addWidget(self.tables, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_table_button)
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("Title")))
        second.addWidget(self.title, 2)
        second.addWidget(QLabel(self.tr("Rows named by")))
        second.addWidget(self.key, 1)
        self.grid = QTableView()
        self.grid.setObjectName("tableGrid")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setAlternatingRowColors(True)
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.horizontalHeader().setResizeContentsPrecision(60)  # widths from 60 rows
        self.column_type = QComboBox()
        self.column_type.setObjectName("columnType")
        type_names = {"text": self.tr("text"), "number": self.tr("number"),
                      "money": self.tr("money"), "phone": self.tr("phone"),
                      "address": self.tr("address"), "hours": self.tr("opening hours"),
                      "url": self.tr("web address")}
        for kind in CELL_TYPES:
            self.column_type.addItem(type_names[kind], kind)
        self.column_label = QLabel()
        self.add_row = QPushButton(self.tr("+ Row"))
        self.add_row.setObjectName("addRow")
        self.add_row.setToolTip(self.tr("A new row under the selected one (Ctrl+Insert)"))
        self.delete_rows = QPushButton(self.tr("Delete rows"))
        self.delete_rows.setObjectName("deleteRows")
        self.delete_rows.setToolTip(self.tr("Delete the selected rows (Ctrl+Delete)"))
        self.add_column = QPushButton(self.tr("+ Column…"))
        self.add_column.setObjectName("addColumn")
        self.rename_column = QPushButton(self.tr("Rename…"))
        self.rename_column.setObjectName("renameColumn")
        self.delete_column = QPushButton(self.tr("Delete column"))
        self.delete_column.setObjectName("deleteColumn")
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("importTable")
        self.import_button.setToolTip(self.tr("Replace the rows with an Excel (.xlsx) or CSV "
                                              "file, after showing what changes"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("exportTable")
        self.export_button.setToolTip(self.tr("Save the table as an Excel workbook (.xlsx)"))
        rows = QHBoxLayout()
        rows.addWidget(self.add_row)
        rows.addWidget(self.delete_rows)
        rows.addStretch(1)
        rows.addWidget(self.import_button)
        rows.addWidget(self.export_button)
        columns = QHBoxLayout()
        columns.addWidget(self.column_label)
        columns.addWidget(self.column_type)
        columns.addWidget(self.rename_column)
        columns.addWidget(self.delete_column)
        columns.addStretch(1)
        columns.addWidget(self.add_column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.grid, 1)
        layout.addLayout(columns)
        layout.addLayout(rows)
        self._connect()

    def _connect(self) -> None:
        self.tables.activated.connect(lambda _: self.show_table(self.tables.currentData()))
        self.new_button.clicked.connect(self.new_table)
        self.delete_table_button.clicked.connect(self.delete_table)
        self.title.editingFinished.connect(self._on_title_edited)
        self.key.activated.connect(self._on_key_activated)
        self.column_type.activated.connect(self._on_column_type_activated)
        self.add_row.clicked.connect(self.insert_row)
        self.delete_rows.clicked.connect(self.remove_rows)
        self.add_column.clicked.connect(self.insert_column)
        self.rename_column.clicked.connect(self.rename)
        self.delete_column.clicked.connect(self.remove_column)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        for keys, slot in (("Ctrl+Insert", self.insert_row), ("Ctrl+Delete", self.remove_rows)):
            shortcut = QShortcut(QKeySequence(keys), self.grid)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.session.edited.connect(self._on_session_edited)
        self.session.tenant_opened.connect(lambda _: self.show_table(""))

    # -- state -------------------------------------------------------------------------

    @property
    def table_id(self) -> str:
        return str(self.tables.currentData() or "")

    def _spec(self) -> dict[str, Any]:
        spec = self.session.workspace.tenant.get(("tables", self.table_id), {})
        return spec if isinstance(spec, dict) else {}

    def _types(self) -> dict[str, str]:
        types = self._spec().get("types", {})
        return {str(k): str(v) for k, v in types.items()} if isinstance(types, dict) else {}

    def show_table(self, table_id: str) -> None:
        ws = self.session.workspace
        tables = ws.tenant.get(("tables",), {})
        tables = tables if isinstance(tables, dict) else {}
        self.tables.blockSignals(True)
        self.tables.clear()
        for tid, spec in tables.items():
            title = spec.get("title", tid) if isinstance(spec, dict) else tid
            self.tables.addItem(str(title), tid)
        index = self.tables.findData(table_id)
        self.tables.setCurrentIndex(index if index >= 0 else 0)
        self.tables.blockSignals(False)
        doc = table_document(ws, self.table_id) if self.table_id else None
        if doc is None:
            self.model = None
            self.grid.setModel(None)
        elif self.model is not None and self.model.doc is doc:
            self.model.reset(self._types())
        else:
            self.model = CsvTableModel(self.session, doc, self._types(),
                                       self.session.library.library.settings.default_region)
            self.grid.setModel(self.model)
            self.grid.selectionModel().currentChanged.connect(self._on_current_cell_changed)
            self.grid.resizeColumnsToContents()
            for c in range(self.model.columnCount()):
                self.grid.setColumnWidth(c, min(self.grid.columnWidth(c), 260))
        spec = self._spec()
        self.title.setText(str(spec.get("title", "")))
        self.key.clear()
        for column in (doc.header if doc else []):
            self.key.addItem(column, column)
        key = spec.get("key") or (doc.header[0] if doc and doc.header else "")
        self.key.setCurrentIndex(max(self.key.findData(key), 0))
        for w in (self.title, self.key, self.grid, self.add_row, self.delete_rows,
                  self.add_column, self.import_button, self.export_button,
                  self.delete_table_button):
            w.setEnabled(doc is not None)
        self._on_current_cell_changed(self.grid.currentIndex(), QModelIndex())

    def _on_session_edited(self, op: ops.Operation, from_widget: bool) -> None:
        if from_widget and isinstance(op, ops.SetCell) and self.model is not None:
            row = next((i for i, r in enumerate(self.model.doc.rows) if r.uid == op.row_uid), -1)
            if row >= 0:
                index = self.model.index(row, op.column)
                self.model.dataChanged.emit(index, index)
                return
        if any(f.endswith(".csv") or f == "tenant.yaml" for f in op.files):
            current = self.grid.currentIndex()
            self.show_table(self.table_id)
            if self.model is not None and current.isValid():
                self.grid.setCurrentIndex(self.model.index(
                    min(current.row(), self.model.rowCount() - 1),
                    min(current.column(), self.model.columnCount() - 1)))

    def _on_current_cell_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        has = self.model is not None and current.isValid()
        for w in (self.column_type, self.rename_column, self.delete_column):
            w.setEnabled(has)
        if not has:
            self.column_label.setText(self.tr("Column:"))
            return
        assert self.model is not None
        name = self.model.doc.header[current.column()]
        self.column_label.setText(self.tr("Column «{0}» holds").format(name))
        kind = self._types().get(name, "text")
        self.column_type.setCurrentIndex(max(self.column_type.findData(kind), 0))

    # -- tables ------------------------------------------------------------------------

    def new_table(self) -> None:
        title, ok = QInputDialog.getText(self, self.tr("New table"),
                                         self.tr("What is in the table (its title)?"))
        if not ok or not title.strip():
            return
        tables = self.session.workspace.tenant.get(("tables",), {})
        table_id = unique_id(title, set(tables) if isinstance(tables, dict) else set(), "table")
        rel = f"tables/{table_id}.csv"
        name = self.tr("Name")
        op = ops.Composite(self.tr("add the table «{0}»").format(title.strip()), [
            ops.new_table_file(rel, [name], [[""]]),
            ops.SetValue("tenant.yaml", ("tables", table_id),
                         {"file": rel, "title": title.strip(), "key": name}),
        ])
        if self.session.push(op):
            self.show_table(table_id)

    def delete_table(self) -> None:
        table_id, spec = self.table_id, self._spec()
        if not table_id:
            return
        users = [n.title for n in q.walk(self.session.workspace.questions)
                 if self._shows(n.path, table_id)]
        if users and QMessageBox.question(
                self, self.tr("Delete table"),
                self.tr("These questions show the table: {0}. Delete it anyway? (Ctrl+Z brings "
                        "it back)").format("; ".join(users[:5]))) != QMessageBox.StandardButton.Yes:
            return
        parts: list[ops.Operation] = [ops.SetValue("tenant.yaml", ("tables", table_id), MISSING)]
        if isinstance(spec.get("file"), str):
            parts.append(ops.RemoveFile(spec["file"]))
        if self.session.push(ops.Composite(self.tr("delete the table"), parts)):
            self.show_table("")

    def _shows(self, path: tuple[str | int, ...], table_id: str) -> bool:
        view = self.session.workspace.questions.get((*path, "table"), None)
        return isinstance(view, dict) and view.get("name") == table_id

    def _on_title_edited(self) -> None:
        title = self.title.text().strip()
        if self.table_id and title and title != self._spec().get("title"):
            self.session.push(ops.SetValue("tenant.yaml", ("tables", self.table_id, "title"),
                                           title, order=("file", "title", "key", "types")))

    def _on_key_activated(self, _: int) -> None:
        key = self.key.currentData()
        if self.table_id and key and key != self._spec().get("key"):
            self.session.push(ops.SetValue("tenant.yaml", ("tables", self.table_id, "key"), key,
                                           order=("file", "title", "key", "types")))

    def _on_column_type_activated(self, _: int) -> None:
        index = self.grid.currentIndex()
        if self.model is None or not index.isValid():
            return
        name = self.model.doc.header[index.column()]
        kind = self.column_type.currentData()
        types = self._types()
        if types.get(name, "text") == kind:
            return
        path = ("tables", self.table_id, "types", name)
        if "types" not in self._spec():
            self.session.push(ops.SetValue("tenant.yaml", path[:-1], {name: kind},
                                           order=("file", "title", "key", "types")))
        else:
            self.session.push(ops.SetValue("tenant.yaml", path,
                                           MISSING if kind == "text" else kind))

    # -- rows and columns --------------------------------------------------------------

    def insert_row(self) -> None:
        if self.model is None:
            return
        current = self.grid.currentIndex()
        row = current.row() + 1 if current.isValid() else self.model.rowCount()
        doc = self.model.doc
        if self.session.push(ops.InsertRows(doc.rel, row, [[""] * len(doc.header)])):
            self.grid.setCurrentIndex(self.model.index(row, 0))
            self.grid.setFocus()

    def remove_rows(self) -> None:
        if self.model is None:
            return
        rows = sorted({i.row() for i in self.grid.selectionModel().selectedIndexes()}
                      or ({self.grid.currentIndex().row()} if self.grid.currentIndex().isValid()
                          else set()))
        if not rows:
            return
        doc = self.model.doc
        parts = [ops.RemoveRows(doc.rel, r, 1) for r in reversed(rows)]
        self.session.push(parts[0] if len(parts) == 1 else
                          ops.Composite(self.tr("delete rows"), parts))

    def insert_column(self) -> None:
        if self.model is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("New column"), self.tr("Column name:"))
        name = name.strip()
        if not ok or not name:
            return
        if name in self.model.doc.header:
            self.session.failed.emit(self.tr("The table already has a column «{0}»").format(name))
            return
        current = self.grid.currentIndex()
        column = current.column() + 1 if current.isValid() else len(self.model.doc.header)
        self.session.push(ops.InsertColumn(self.model.doc.rel, column, name))

    def remove_column(self) -> None:
        index = self.grid.currentIndex()
        if self.model is None or not index.isValid() or len(self.model.doc.header) < 2:
            return
        name = self.model.doc.header[index.column()]
        parts: list[ops.Operation] = [ops.RemoveColumn(self.model.doc.rel, index.column())]
        if name in self._types():
            parts.append(ops.SetValue("tenant.yaml", ("tables", self.table_id, "types", name),
                                      MISSING))
        self.session.push(ops.Composite(self.tr("delete the column «{0}»").format(name), parts))

    def rename(self) -> None:
        index = self.grid.currentIndex()
        if self.model is None or not index.isValid():
            return
        old = self.model.doc.header[index.column()]
        name, ok = QInputDialog.getText(self, self.tr("Rename column"), self.tr("Column name:"),
                                        text=old)
        name = name.strip()
        if not ok or not name or name == old:
            return
        if name in self.model.doc.header:
            self.session.failed.emit(self.tr("The table already has a column «{0}»").format(name))
            return
        self.session.push(ops.Composite(self.tr("rename the column «{0}»").format(old),
                                        self._rename_ops(index.column(), old, name)))

    def _rename_ops(self, column: int, old: str, name: str) -> list[ops.Operation]:
        assert self.model is not None
        out: list[ops.Operation] = [ops.RenameColumn(self.model.doc.rel, column, name)]
        spec, base = self._spec(), ("tables", self.table_id)
        if spec.get("key") == old:
            out.append(ops.SetValue("tenant.yaml", (*base, "key"), name))
        types = self._types()
        if old in types:
            renamed = {name if k == old else k: v for k, v in types.items()}
            out.append(ops.SetValue("tenant.yaml", (*base, "types"), renamed))
        doc = self.session.workspace.questions
        for node in q.walk(doc):
            view = doc.get((*node.path, "table"), None)
            if not isinstance(view, dict) or view.get("name") != self.table_id:
                continue
            columns = list(view.get("columns", []) or [])
            if old in columns:
                out.append(ops.SetQuestionField(node.id, "table", {**view, "columns": flow_list(
                    [name if c == old else c for c in columns])}))
                view = {**view, "columns": [name if c == old else c for c in columns]}
            flt = view.get("filter")
            if isinstance(flt, dict) and flt.get("column") == old:
                out.append(ops.SetValue(ops.QUESTIONS, (*node.path, "table", "filter",
                                                                "column"), name))
        return out

    # -- files -------------------------------------------------------------------------

    def import_file(self) -> None:
        if self.model is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a table"), str(Path.home()),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.csv)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> ImportDialogType | None:
        from operator_desk.ui.studio.import_dialog import ImportDialog

        if self.model is None:
            return None
        try:
            dialog = ImportDialog(path, self.model.doc, self._spec().get("key"), self)
        except StudioError as exc:
            self.session.failed.emit(str(exc))
            return None
        dialog.accepted.connect(lambda: self._apply_import(dialog))
        dialog.open()
        return dialog

    def _apply_import(self, dialog: Any) -> None:
        plan = dialog.plan
        if plan is None or self.model is None:
            return
        self.session.push(ops.ReplaceTable(self.model.doc.rel, plan.header, plan.rows, plan.keep))

    def export_file(self) -> None:
        if self.model is None:
            return
        default = Path.home() / f"{self.table_id}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the table"), str(default),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_path(Path(path))

    def export_path(self, path: Path) -> None:
        assert self.model is not None
        doc = self.model.doc
        try:
            export_xlsx(path, str(self._spec().get("title", self.table_id)), doc.header,
                        [r.cells for r in doc.rows])
        except StudioError as exc:
            self.session.failed.emit(str(exc))


ImportDialogType = Any
