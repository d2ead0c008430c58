"""The question tree editor: the questions callers ask, and what the operator answers.

Left, the tree (drag a question to move it, or Alt+arrows; Insert adds one, Shift+Insert a
follow-up, Delete deletes it — all undoable). Right, the selected question: its words,
the words callers use for it (search keywords), the answer with the desk's placeholders,
the reference table to show, transfer and callback buttons, and which operator groups
see it first. Tables, transfer targets and groups are chosen from lists; ids are made
from the question's words and never typed.

Signals:
    question_selected(str): the author selected a question (its id; '' none).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from operator_desk.studio import operations as ops
from operator_desk.studio import questions as q
from operator_desk.studio.checks import keywords_value, table_document
from operator_desk.studio.ids import unique_id
from operator_desk.studio.yamldoc import MISSING, flow_list
from operator_desk.ui.studio.session import StudioSession
from operator_desk.ui.studio.template_edit import TemplateEdit

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _combo(name: str) -> QComboBox:
    """A combo box that does not widen the form to its longest entry."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


class QuestionTree(QTreeWidget):
    """The tree; a drop asks for a move (``move_requested(id, parent id or '', index)``)
    instead of moving items itself, so that the move is an undoable edit of the file."""

    move_requested = Signal(str, str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioQuestionTree")
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)

    def dropEvent(self, event: QDropEvent) -> None:
        moving = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        if moving is None:
            event.ignore()
            return
        position = self.dropIndicatorPosition()
        parent_id, index = "", self.topLevelItemCount()
        if target is not None:
            parent = target.parent()
            siblings_parent = parent.data(0, ID_ROLE) if parent else ""
            row = parent.indexOfChild(target) if parent else self.indexOfTopLevelItem(target)
            if position == QAbstractItemView.DropIndicatorPosition.OnItem:
                parent_id, index = target.data(0, ID_ROLE), target.childCount()
            elif position == QAbstractItemView.DropIndicatorPosition.AboveItem:
                parent_id, index = siblings_parent, row
            else:
                parent_id, index = siblings_parent, row + 1
            own_parent = moving.parent()
            same = (own_parent.data(0, ID_ROLE) if own_parent else "") == parent_id
            own_row = (own_parent.indexOfChild(moving) if own_parent
                       else self.indexOfTopLevelItem(moving))
            if same and own_row < index:
                index -= 1  # counted without the question itself
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.move_requested.emit(moving.data(0, ID_ROLE), parent_id, index)


class QuestionEditor(QWidget):
    question_selected = Signal(str)

    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionEditor")
        self.session = session
        self.current = ""
        self._loading = False
        self.tree = QuestionTree()
        self.add_button = QPushButton(self.tr("+ Question"))
        self.add_button.setObjectName("addQuestion")
        self.add_button.setToolTip(self.tr("A new question after the selected one (Insert)"))
        self.child_button = QPushButton(self.tr("+ Follow-up"))
        self.child_button.setObjectName("addFollowUp")
        self.child_button.setToolTip(self.tr("A follow-up question under the selected one "
                                             "(Shift+Insert)"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("deleteQuestion")
        self.delete_button.setToolTip(self.tr("Delete the question and its follow-ups (Delete; "
                                              "Ctrl+Z brings it back)"))
        self.up_button = self._arrow("↑", self.tr("Move up (Alt+Up)"), "moveUp")
        self.down_button = self._arrow("↓", self.tr("Move down (Alt+Down)"), "moveDown")
        self.out_button = self._arrow("←", self.tr("Move out of its group of follow-ups "
                                                   "(Alt+Left)"), "moveOut")
        self.in_button = self._arrow("→", self.tr("Make it a follow-up of the question above "
                                                  "(Alt+Right)"), "moveIn")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.child_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.up_button, self.down_button, self.out_button, self.in_button):
            buttons.addWidget(b)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(buttons)
        self.form = self._build_form()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._connect()

    def _arrow(self, text: str, tip: str, name: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.setFixedWidth(34)
        return b

    def _build_form(self) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(4, 4, 4, 4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.title.setObjectName("questionTitle")
        self.title.setPlaceholderText(self.tr("As the operator hears it from the caller"))
        self.keywords = QLineEdit()
        self.keywords.setObjectName("questionKeywords")
        self.keywords.setPlaceholderText(self.tr("other words callers use, separated by commas"))
        self.answer = TemplateEdit()
        self.answer.setObjectName("questionAnswer")
        self.answer.setMinimumHeight(90)
        self.no_answer = QCheckBox(self.tr("No prepared answer yet"))
        self.no_answer.setToolTip(self.tr("The desk then offers the operator a transfer or a "
                                          "callback request"))
        self.no_answer.setObjectName("noReadyAnswer")
        answer_row = QVBoxLayout()
        answer_row.addWidget(self.answer)
        insert_row = QHBoxLayout()
        insert_row.addWidget(self.answer.insert_button)
        insert_row.addStretch(1)
        answer_row.addLayout(insert_row)
        form.addRow(self.tr("Question"), self.title)
        form.addRow(self.tr("Caller's words"), self.keywords)
        form.addRow(self.tr("Answer"), answer_row)
        form.addRow("", self.no_answer)
        form.addRow(self._build_table_box())
        form.addRow(self._build_actions_box())
        self.id_label = QLabel()
        self.id_label.setObjectName("questionId")
        self.id_label.setStyleSheet("color: #78909C;")
        self.id_label.setWordWrap(True)
        form.addRow(self.id_label)
        form_widget.setEnabled(False)
        return form_widget

    def _build_table_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Reference table under the answer"))
        layout = QFormLayout(box)
        self.table = _combo("questionTable")
        self.columns = QListWidget()
        self.columns.setObjectName("questionColumns")
        self.columns.setMaximumHeight(90)
        self.columns.setToolTip(self.tr("Tick the columns to show; none ticked shows all"))
        self.filter_column = _combo("filterColumn")
        self.filter_value = QLineEdit()
        self.filter_value.setObjectName("filterValue")
        self.filter_value.setPlaceholderText("{{ crm.city }}")
        self.compare = QCheckBox(self.tr("Rows can be compared"))
        self.compare.setToolTip(self.tr("The operator can tick rows (products) and compare "
                                        "them side by side"))
        self.compare.setObjectName("compareRows")
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_column, 1)
        filter_row.addWidget(QLabel("="))
        filter_row.addWidget(self.filter_value, 1)
        layout.addRow(self.tr("Table"), self.table)
        layout.addRow(self.tr("Columns"), self.columns)
        layout.addRow(self.tr("Start filtered by"), filter_row)
        layout.addRow("", self.compare)
        return box

    def _build_actions_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Buttons for the operator"))
        layout = QFormLayout(box)
        self.transfer = _combo("questionTransfer")
        self.callback = QCheckBox(self.tr("Offer a callback request"))
        self.callback.setObjectName("questionCallback")
        self.groups_box = QWidget()
        self.groups_layout = QVBoxLayout(self.groups_box)
        self.groups_layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Transfer to"), self.transfer)
        layout.addRow("", self.callback)
        layout.addRow(self.tr("At the top for"), self.groups_box)
        return box

    def _connect(self) -> None:
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.move_requested.connect(self._on_tree_move_requested)
        self.add_button.clicked.connect(self.add_question)
        self.child_button.clicked.connect(self.add_follow_up)
        self.delete_button.clicked.connect(self.delete_question)
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button.clicked.connect(lambda: self.move_by(1))
        self.out_button.clicked.connect(self.move_out)
        self.in_button.clicked.connect(self.move_in)
        for keys, slot in (("Insert", self.add_question), ("Shift+Insert", self.add_follow_up),
                           ("Delete", self.delete_question), ("Alt+Up", lambda: self.move_by(-1)),
                           ("Alt+Down", lambda: self.move_by(1)), ("Alt+Left", self.move_out),
                           ("Alt+Right", self.move_in), ("F2", self.title.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.title.textEdited.connect(self._on_title_edited)
        self.keywords.textEdited.connect(self._on_keywords_edited)
        self.answer.edited.connect(self._on_answer_edited)
        self.no_answer.clicked.connect(self._on_no_answer_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.columns.itemChanged.connect(self._on_table_view_edited)
        self.filter_column.activated.connect(self._on_table_view_edited)
        self.filter_value.editingFinished.connect(self._on_table_view_edited)
        self.compare.clicked.connect(self._on_table_view_edited)
        self.transfer.activated.connect(self._on_actions_edited)
        self.callback.clicked.connect(self._on_actions_edited)
        self.session.edited.connect(self._on_session_edited)
        self.session.tenant_opened.connect(self._on_session_tenant_opened)

    # -- showing -----------------------------------------------------------------------

    def _on_session_tenant_opened(self, tenant_id: str) -> None:
        self.current = ""
        self.rebuild()
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _on_session_edited(self, op: ops.Operation, from_widget: bool) -> None:
        if isinstance(op, ops.SetQuestionField):
            if op.key == "question":
                item = self._item(op.question_id)
                node = q.find(self.session.workspace.questions, op.question_id)
                if item is not None:
                    item.setText(0, node.title if node else "")
            if from_widget:
                return  # the field that was typed in already shows it
            if op.question_id == self.current:
                self._show_form()
                return
            self.select(op.question_id)  # an undo: show where it happened
            return
        if from_widget and isinstance(op, ops.SetValue) and op.rel == "tenant.yaml":
            return
        self.rebuild()

    def rebuild(self) -> None:
        """The tree as the file has it now, keeping what was selected and expanded."""
        expanded = {i.data(0, ID_ROLE) for i in self._items() if i.isExpanded()}
        self.tree.blockSignals(True)
        self.tree.clear()
        doc = self.session.workspace.questions
        items: dict[str, QTreeWidgetItem] = {}
        for node in q.walk(doc):
            parent = items.get(node.parent or "")
            item = QTreeWidgetItem([node.title or self.tr("(no words yet)")])
            item.setData(0, ID_ROLE, node.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled
                          | Qt.ItemFlag.ItemIsDropEnabled)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items.setdefault(node.id, item)
        for qid, item in items.items():
            item.setExpanded(qid in expanded or not expanded)
        current = items.get(self.current)
        if current is not None:
            self.tree.setCurrentItem(current)
        self.tree.blockSignals(False)
        if current is None:
            self.current = ""
        self._show_form()

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            out.append(it.value())
            it += 1
        return out

    def _item(self, question_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, ID_ROLE) == question_id), None)

    def select(self, question_id: str) -> bool:
        item = self._item(question_id)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        return True

    def _on_tree_current_item_changed(self, item: QTreeWidgetItem | None, _: Any) -> None:
        self.current = item.data(0, ID_ROLE) if item is not None else ""
        self._show_form()
        self.question_selected.emit(self.current)

    def _node(self) -> dict[str, Any] | None:
        if not self.current:
            return None
        doc = self.session.workspace.questions
        node = q.find(doc, self.current)
        return doc.get(node.path) if node else None

    def _show_form(self) -> None:
        data = self._node()
        self.form.setEnabled(data is not None)
        self._loading = True
        try:
            self._fill_form(data or {})
        finally:
            self._loading = False

    def _fill_form(self, data: dict[str, Any]) -> None:
        ws = self.session.workspace
        title = str(data.get("question", ""))
        if self.title.text() != title:
            self.title.setText(title)
        words = ", ".join(str(w) for w in data.get("keywords", []) or [])
        if [w.strip() for w in self.keywords.text().split(",") if w.strip()] != \
                [w.strip() for w in words.split(",") if w.strip()]:
            self.keywords.setText(words)
        ivr = ws.tenant.get(("ivr", "fields"), [])
        self.answer.set_fields([str(f.get("id")) for f in ivr if isinstance(f, dict)]
                               if isinstance(ivr, list) else [])
        self.answer.set_plain_text(str(data.get("answer", "")).rstrip("\n"))
        self.no_answer.setChecked(bool(data.get("no_ready_answer", False)))
        self._fill_table(data.get("table") if isinstance(data.get("table"), dict) else None)
        self._fill_actions(data)
        self.id_label.setText(self.tr("Id {0}: made from the question's words; the desk's "
                                      "reports name it").format(self.current) if self.current
                              else "")

    def _fill_table(self, view: dict[str, Any] | None) -> None:
        ws = self.session.workspace
        tables = ws.tenant.get(("tables",), {})
        self.table.clear()
        self.table.addItem(self.tr("(no table)"), "")
        if isinstance(tables, dict):
            for tid, spec in tables.items():
                title = spec.get("title", tid) if isinstance(spec, dict) else tid
                self.table.addItem(str(title), tid)
        name = view.get("name", "") if view else ""
        self.table.setCurrentIndex(max(self.table.findData(name), 0))
        doc = table_document(ws, name) if name else None
        header = doc.header if doc is not None else []
        shown = list(view.get("columns", []) or []) if view else []
        self.columns.blockSignals(True)
        self.columns.clear()
        for column in header:
            item = QListWidgetItem(column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if column in shown
                               else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        self.columns.blockSignals(False)
        flt = view.get("filter") if view else None
        self.filter_column.clear()
        self.filter_column.addItem(self.tr("(no filter)"), "")
        for column in header:
            self.filter_column.addItem(column, column)
        self.filter_column.setCurrentIndex(
            max(self.filter_column.findData(flt.get("column", "")) if isinstance(flt, dict)
                else 0, 0))
        self.filter_value.setText(str(flt.get("value", "")) if isinstance(flt, dict) else "")
        self.compare.setChecked(bool(view.get("compare", False)) if view else False)
        for w in (self.columns, self.filter_column, self.filter_value, self.compare):
            w.setEnabled(bool(name))

    def _fill_actions(self, data: dict[str, Any]) -> None:
        ws = self.session.workspace
        actions = data.get("actions", []) or []
        target = next((a.get("transfer") for a in actions if isinstance(a, dict)
                       and "transfer" in a), "")
        self.transfer.clear()
        self.transfer.addItem(self.tr("(no transfer)"), "")
        for entry in ws.tenant.get(("directory",), []) or []:
            if isinstance(entry, dict):
                self.transfer.addItem(str(entry.get("name", entry.get("id"))), entry.get("id"))
        self.transfer.setCurrentIndex(max(self.transfer.findData(target), 0))
        self.callback.setChecked(any(isinstance(a, dict) and a.get("callback") for a in actions))
        while self.groups_layout.count():
            item = self.groups_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        groups = ws.tenant.get(("groups",), {}) or {}
        for gid, group in groups.items() if isinstance(groups, dict) else ():
            box = QCheckBox(str(group.get("name", gid)) if isinstance(group, dict) else gid)
            box.setObjectName(f"firstFor-{gid}")
            first = group.get("first", []) if isinstance(group, dict) else []
            box.setChecked(self.current in (first or []))
            box.clicked.connect(lambda checked, g=gid: self._on_first_clicked(g, checked))
            self.groups_layout.addWidget(box)

    # -- editing -----------------------------------------------------------------------

    def _set(self, key: str, value: Any, merge: bool = False) -> None:
        if self._loading or not self.current:
            return
        self.session.push(ops.SetQuestionField(self.current, key, value,
                                               label=f"change {key}", merge=merge))

    def _on_title_edited(self, text: str) -> None:
        self._set("question", text, merge=True)

    def _on_keywords_edited(self, text: str) -> None:
        value = keywords_value(text)
        self._set("keywords", value if len(value) else MISSING, merge=True)

    def _on_answer_edited(self, text: str) -> None:
        self._set("answer", text if text.strip() else MISSING, merge=True)

    def _on_no_answer_clicked(self, checked: bool) -> None:
        self._set("no_ready_answer", True if checked else MISSING)

    def _on_table_activated(self, _: int) -> None:
        name = self.table.currentData()
        self._set("table", {"name": name} if name else MISSING)

    def _on_table_view_edited(self, *_: Any) -> None:
        if self._loading or not self.table.currentData():
            return
        view: dict[str, Any] = {"name": self.table.currentData()}
        ticked = [self.columns.item(i).text() for i in range(self.columns.count())
                  if self.columns.item(i).checkState() == Qt.CheckState.Checked]
        if ticked:
            view["columns"] = flow_list(ticked)
        if self.filter_column.currentData():
            view["filter"] = {"column": self.filter_column.currentData(),
                              "value": self.filter_value.text()}
        if self.compare.isChecked():
            view["compare"] = True
        data = self._node() or {}
        if data.get("table") != view:
            self._set("table", view)

    def _on_actions_edited(self, *_: Any) -> None:
        data = self._node() or {}
        old = [a for a in data.get("actions", []) or [] if isinstance(a, dict)]
        target = self.transfer.currentData()
        actions: list[Any] = []
        if target:
            previous = next((a for a in old if a.get("transfer") == target), None)
            actions.append(previous if previous is not None else {"transfer": target})
        if self.callback.isChecked():
            previous = next((a for a in old if a.get("callback")), None)
            actions.append(previous if previous is not None else {"callback": True})
        if actions != old:
            self._set("actions", actions or MISSING)

    def _on_first_clicked(self, gid: str, checked: bool) -> None:
        if not self.current:
            return
        first = list(self.session.workspace.tenant.get(("groups", gid, "first"), []) or [])
        if checked and self.current not in first:
            first.append(self.current)
        elif not checked:
            first = [f for f in first if f != self.current]
        self.session.push(ops.SetValue("tenant.yaml", ("groups", gid, "first"),
                                       flow_list(first) if first else MISSING,
                                       order=("name", "first")))

    # -- the tree ----------------------------------------------------------------------

    def _new_question(self) -> dict[str, Any]:
        title = self.tr("New question")
        taken = q.ids(self.session.workspace.questions)
        return {"id": unique_id(title, taken, "question"), "question": title}

    def add_question(self) -> None:
        node = q.find(self.session.workspace.questions, self.current) if self.current else None
        parent = node.parent if node else None
        index = node.index + 1 if node else q.child_count(self.session.workspace.questions, None)
        self._add(parent, index)

    def add_follow_up(self) -> None:
        if not self.current:
            self.add_question()
            return
        self._add(self.current, q.child_count(self.session.workspace.questions, self.current))

    def _add(self, parent: str | None, index: int) -> None:
        data = self._new_question()
        if self.session.push(ops.AddQuestion(parent, index, data)):
            self.select(data["id"])
            self.title.setFocus()
            self.title.selectAll()

    def add_answer_for(self, words: list[str]) -> str:
        """A new top question for what operators reported (the words become keywords)."""
        title = words[0] if words else self.tr("New question")
        taken = q.ids(self.session.workspace.questions)
        data: dict[str, Any] = {"id": unique_id(title, taken, "question"), "question": title}
        if len(words) > 1:
            data["keywords"] = flow_list(words[1:])
        count = q.child_count(self.session.workspace.questions, None)
        if self.session.push(ops.AddQuestion(None, count, data)):
            self.select(data["id"])
            self.answer.setFocus()
        return str(data["id"])

    def delete_question(self) -> None:
        if not self.current:
            return
        node = q.find(self.session.workspace.questions, self.current)
        if node is None:
            return
        siblings = q.child_count(self.session.workspace.questions, node.parent)
        if self.session.push(ops.DeleteQuestion(self.current)):
            doc = self.session.workspace.questions
            items = doc.get(q.children_path(doc, node.parent), [])
            if isinstance(items, list) and items and siblings > 1:
                self.select(str(items[min(node.index, len(items) - 1)].get("id")))
            elif node.parent:
                self.select(node.parent)

    def move_by(self, step: int) -> None:
        node = q.find(self.session.workspace.questions, self.current) if self.current else None
        if node is None:
            return
        count = q.child_count(self.session.workspace.questions, node.parent)
        index = node.index + step
        if 0 <= index < count:
            self._move(node.id, node.parent, index)

    def move_out(self) -> None:
        doc = self.session.workspace.questions
        node = q.find(doc, self.current) if self.current else None
        if node is None or node.parent is None:
            return
        parent = q.find(doc, node.parent)
        assert parent is not None
        self._move(node.id, parent.parent, parent.index + 1)

    def move_in(self) -> None:
        doc = self.session.workspace.questions
        node = q.find(doc, self.current) if self.current else None
        if node is None or node.index == 0:
            return
        above = doc.get((*node.path[:-1], node.index - 1))
        above_id = str(above.get("id"))
        self._move(node.id, above_id, q.child_count(doc, above_id))

    def _on_tree_move_requested(self, question_id: str, parent: str, index: int) -> None:
        self._move(question_id, parent or None, index)

    def _move(self, question_id: str, parent: str | None, index: int) -> None:
        if self.session.push(ops.MoveQuestion(question_id, parent, index)):
            self.select(question_id)
            self.tree.setFocus()

    def focus_field(self, path: tuple[str | int, ...]) -> None:
        """Put the cursor where a problem's field is (``table``, ``answer`` …)."""
        node = q.node_at_path(self.session.workspace.questions, path)
        if node is None:
            return
        self.select(node.id)
        rest = path[len(node.path):]
        key = rest[0] if rest else "question"
        widget = {"answer": self.answer, "table": self.table, "keywords": self.keywords,
                  "actions": self.transfer}.get(str(key), self.title)
        widget.setFocus()

    def current_index(self) -> QModelIndex:
        return self.tree.currentIndex()
