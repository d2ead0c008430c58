"""Every edit the studio makes, as an operation that can be applied and reverted.

The window's undo stack holds these (each wrapped in a ``QUndoCommand``); an operation
knows the documents it touches (``files``) so that only they are checked again. Typing
in one field makes many operations that :meth:`Operation.merge` folds into one undo step.

Operations address documents by their path in the tenant folder and questions by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from operator_desk.core.yamlpos import Path_
from operator_desk.studio import questions as q
from operator_desk.studio.csvdoc import CsvDocument, Row
from operator_desk.studio.documents import Document, StudioError, TextDocument
from operator_desk.studio.yamldoc import MISSING, YamlDocument

if TYPE_CHECKING:
    from operator_desk.studio.workspace import TenantWorkspace

QUESTIONS = "questions.yaml"
TENANT = "tenant.yaml"


class Operation:
    """One edit. ``label`` names it in the Undo menu ("Undo: rename question")."""

    label = ""

    def __init__(self, label: str = "") -> None:
        if label:
            self.label = label

    @property
    def files(self) -> tuple[str, ...]:
        raise NotImplementedError

    def apply(self, ws: TenantWorkspace) -> None:
        raise NotImplementedError

    def revert(self, ws: TenantWorkspace) -> None:
        raise NotImplementedError

    def merge(self, later: Operation) -> bool:
        """Take ``later`` (already applied) into this one; True if it was."""
        return False


# -- YAML values ------------------------------------------------------------------------


class SetValue(Operation):
    """Set (or with MISSING, remove) the value at a path of a YAML document."""

    label = "change a value"

    def __init__(self, rel: str, path: Path_, value: Any, label: str = "",
                 order: Sequence[str] = (), merge_key: object = None) -> None:
        super().__init__(label)
        self.rel, self.path, self.value, self.order = rel, path, value, tuple(order)
        self.merge_key = merge_key
        self.old: Any = MISSING
        self._position = -1

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.yaml(self.rel)
        parent = doc.get(self.path[:-1])
        if self.value is MISSING and isinstance(parent, CommentedMap) and self.path[-1] in parent:
            self._position = list(parent).index(self.path[-1])
        self.old = doc.set(self.path, self.value, self.order)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.yaml(self.rel)
        if self.value is MISSING and self.old is not MISSING and self._position >= 0:
            doc.restore_key(self.path, self._position, self.old)
        else:
            doc.set(self.path, self.old, self.order)

    def merge(self, later: Operation) -> bool:
        if (self.merge_key is None or not isinstance(later, SetValue)
                or later.merge_key != self.merge_key or later.path != self.path
                or later.rel != self.rel):
            return False
        self.value = later.value
        return True


class InsertItem(Operation):
    """Insert into a list of a YAML document (the list is made when there is none)."""

    label = "add an item"

    def __init__(self, rel: str, path: Path_, index: int, value: Any, label: str = "") -> None:
        super().__init__(label)
        self.rel, self.path, self.index, self.value = rel, path, index, value
        self._made = False

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.yaml(self.rel)
        self._made = doc.insert_item(self.path, self.index, self.value)
        self.value = doc.get((*self.path, self.index))  # the node itself, for a redo

    def revert(self, ws: TenantWorkspace) -> None:
        ws.yaml(self.rel).pop_item(self.path, self.index, drop_empty=self._made)


class RemoveItem(Operation):
    """Remove an item from a list of a YAML document (the list's key too when it empties)."""

    label = "remove an item"

    def __init__(self, rel: str, path: Path_, index: int, label: str = "") -> None:
        super().__init__(label)
        self.rel, self.path, self.index = rel, path, index
        self._seq: CommentedSeq | None = None
        self._value: Any = None
        self._key_position = -1

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.yaml(self.rel)
        self._seq = doc.get(self.path)
        self._value, self._key_position = doc.pop_item(self.path, self.index, drop_empty=True)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.yaml(self.rel)
        assert self._seq is not None
        if self._key_position >= 0:
            doc.restore_key(self.path, self._key_position, self._seq)
        doc.insert_item(self.path, self.index, self._value)


# -- questions ---------------------------------------------------------------------------


class SetQuestionField(Operation):
    """Change one field of a question (found by id): its title, answer, keywords…"""

    def __init__(self, question_id: str, key: str, value: Any, label: str = "",
                 merge: bool = False) -> None:
        super().__init__(label or f"change {key}")
        self.question_id, self.key, self.value = question_id, key, value
        self._merge = merge
        self._inner: SetValue | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (QUESTIONS,)

    def apply(self, ws: TenantWorkspace) -> None:
        path = (*q.path_of(ws.questions, self.question_id), self.key)
        self._inner = SetValue(QUESTIONS, path, self.value, order=q.QUESTION_KEYS)
        self._inner.apply(ws)

    def revert(self, ws: TenantWorkspace) -> None:
        assert self._inner is not None
        self._inner.path = (*q.path_of(ws.questions, self.question_id), self.key)
        self._inner.revert(ws)

    def merge(self, later: Operation) -> bool:
        if (not self._merge or not isinstance(later, SetQuestionField) or not later._merge
                or (later.question_id, later.key) != (self.question_id, self.key)):
            return False
        self.value = later.value
        if self._inner is not None:
            self._inner.value = later.value
        return True


class AddQuestion(Operation):
    """A new question under ``parent`` (None: at the top), at ``index``."""

    label = "add a question"

    def __init__(self, parent: str | None, index: int, data: dict[str, Any]) -> None:
        super().__init__()
        self.parent, self.index, self.data = parent, index, data
        self._inner: InsertItem | None = None

    @property
    def question_id(self) -> str:
        return str(self.data["id"])

    @property
    def files(self) -> tuple[str, ...]:
        return (QUESTIONS,)

    def apply(self, ws: TenantWorkspace) -> None:
        path = q.children_path(ws.questions, self.parent)
        self._inner = InsertItem(QUESTIONS, path, self.index,
                                 self._inner.value if self._inner else self.data)
        self._inner.apply(ws)

    def revert(self, ws: TenantWorkspace) -> None:
        assert self._inner is not None
        self._inner.path = q.children_path(ws.questions, self.parent)
        self._inner.revert(ws)


class DeleteQuestion(Operation):
    """Delete a question and its follow-up questions."""

    label = "delete a question"

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id
        self._inner: RemoveItem | None = None
        self._parent: str | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (QUESTIONS,)

    def apply(self, ws: TenantWorkspace) -> None:
        node = q.find(ws.questions, self.question_id)
        if node is None:
            raise StudioError(f"no question `{self.question_id}`")
        self._parent = node.parent
        self._inner = RemoveItem(QUESTIONS, node.path[:-1], node.index)
        self._inner.apply(ws)

    def revert(self, ws: TenantWorkspace) -> None:
        assert self._inner is not None
        self._inner.path = q.children_path(ws.questions, self._parent)
        self._inner.revert(ws)


class MoveQuestion(Operation):
    """Move a question (with its follow-ups) under another parent and/or to another place."""

    label = "move a question"

    def __init__(self, question_id: str, parent: str | None, index: int) -> None:
        super().__init__()
        self.question_id, self.parent, self.index = question_id, parent, index
        self._from: tuple[str | None, int] = (None, 0)

    @property
    def files(self) -> tuple[str, ...]:
        return (QUESTIONS,)

    def apply(self, ws: TenantWorkspace) -> None:
        node = q.find(ws.questions, self.question_id)
        if node is None:
            raise StudioError(f"no question `{self.question_id}`")
        if self.parent is not None and self._is_inside(ws, self.parent):
            raise StudioError("a question cannot move under one of its own follow-up questions")
        self._from = (node.parent, node.index)
        self._move(ws, node.path, self.parent, self.index)

    def revert(self, ws: TenantWorkspace) -> None:
        node = q.find(ws.questions, self.question_id)
        assert node is not None
        self._move(ws, node.path, *self._from)

    def _is_inside(self, ws: TenantWorkspace, other: str) -> bool:
        node = q.find(ws.questions, other)
        own = q.find(ws.questions, self.question_id)
        return bool(node and own and node.path[: len(own.path)] == own.path)

    @staticmethod
    def _move(ws: TenantWorkspace, path: Path_, parent: str | None, index: int) -> None:
        doc = ws.questions
        value, _ = doc.pop_item(path[:-1], path[-1], drop_empty=True)
        target = q.children_path(doc, parent)
        existing = doc.get(target, [])
        doc.insert_item(target, min(index, len(existing) if isinstance(existing, list) else 0),
                        value)


# -- text and tables ---------------------------------------------------------------------


class SetText(Operation):
    """Replace the text of a greeting template (typing merges into one step)."""

    label = "edit the greeting"

    def __init__(self, rel: str, text: str, merge: bool = True) -> None:
        super().__init__()
        self.rel, self.text, self._merge = rel, text, merge
        self.old = ""

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.text(self.rel)
        self.old = doc.text
        doc.set_text(self.text)

    def revert(self, ws: TenantWorkspace) -> None:
        ws.text(self.rel).set_text(self.old)

    def merge(self, later: Operation) -> bool:
        if not (self._merge and isinstance(later, SetText) and later._merge
                and later.rel == self.rel):
            return False
        self.text = later.text
        return True


class SetCell(Operation):
    """One cell of a table (the row found by its id, so it survives sorting and moves)."""

    label = "edit a cell"

    def __init__(self, rel: str, row_uid: int, column: int, value: str) -> None:
        super().__init__()
        self.rel, self.row_uid, self.column, self.value = rel, row_uid, column, value
        self.old = ""
        self._raw: str | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def _row(self, doc: CsvDocument) -> int:
        return next(i for i, r in enumerate(doc.rows) if r.uid == self.row_uid)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        row = self._row(doc)
        self._raw = doc.rows[row].raw
        self.old = doc.set_cell(row, self.column, self.value)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        row = self._row(doc)
        doc.set_cell(row, self.column, self.old)
        doc.rows[row].raw = self._raw  # the row's own text again, exactly as it was


class InsertRows(Operation):
    label = "add rows"

    def __init__(self, rel: str, index: int, cells: Sequence[Sequence[str]]) -> None:
        super().__init__()
        self.rel, self.index, self.cells = rel, index, [list(c) for c in cells]
        self._rows: list[Row] = []

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        if not self._rows:
            self._rows = [doc.new_row(c) for c in self.cells]
        doc.insert_rows(self.index, self._rows)

    def revert(self, ws: TenantWorkspace) -> None:
        ws.table(self.rel).remove_rows(self.index, len(self._rows))


class RemoveRows(Operation):
    label = "delete rows"

    def __init__(self, rel: str, index: int, count: int) -> None:
        super().__init__()
        self.rel, self.index, self.count = rel, index, count
        self._rows: list[Row] = []

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        self._rows = ws.table(self.rel).remove_rows(self.index, self.count)

    def revert(self, ws: TenantWorkspace) -> None:
        ws.table(self.rel).insert_rows(self.index, self._rows)


class ReplaceTable(Operation):
    """A whole table at once (an import from a spreadsheet)."""

    label = "import a table"

    def __init__(self, rel: str, header: Sequence[str], cells: Sequence[Sequence[str]],
                 keep: dict[int, int] | None = None) -> None:
        super().__init__()
        self.rel, self.header, self.cells = rel, list(header), [list(c) for c in cells]
        self.keep = keep or {}
        """New row index → old row index whose text is identical (it keeps its line)."""
        self._old: tuple[Row, list[Row]] | None = None
        self._new: list[Row] | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        same_header = doc.header == self.header
        if self._new is None:
            old_rows = doc.rows
            self._new = [old_rows[self.keep[i]] if same_header and i in self.keep
                         else doc.new_row(c) for i, c in enumerate(self.cells)]
        header_row = doc.header_row
        self._old = doc.replace_all(self.header, list(self._new))
        if same_header:
            doc.header_row = header_row  # unchanged: keeps its text

    def revert(self, ws: TenantWorkspace) -> None:
        assert self._old is not None
        ws.table(self.rel).restore_all(*self._old)


class InsertColumn(Operation):
    label = "add a column"

    def __init__(self, rel: str, column: int, name: str) -> None:
        super().__init__()
        self.rel, self.column, self.name = rel, column, name
        self._raws: list[str | None] = []

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        self._raws = [doc.header_row.raw, *(r.raw for r in doc.rows)]
        doc.insert_column(self.column, self.name)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        doc.remove_column(self.column)
        for row, raw in zip([doc.header_row, *doc.rows], self._raws, strict=True):
            row.raw = raw


class RemoveColumn(Operation):
    label = "delete a column"

    def __init__(self, rel: str, column: int) -> None:
        super().__init__()
        self.rel, self.column = rel, column
        self._name = ""
        self._values: list[str] = []
        self._raws: list[str | None] = []

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        self._raws = [doc.header_row.raw, *(r.raw for r in doc.rows)]
        self._name, self._values = doc.remove_column(self.column)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        doc.insert_column(self.column, self._name, self._values)
        for row, raw in zip([doc.header_row, *doc.rows], self._raws, strict=True):
            row.raw = raw


class RenameColumn(Operation):
    label = "rename a column"

    def __init__(self, rel: str, column: int, name: str) -> None:
        super().__init__()
        self.rel, self.column, self.name = rel, column, name
        self._old = ""
        self._raw: str | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        self._raw = doc.header_row.raw
        self._old = doc.set_header(self.column, self.name)

    def revert(self, ws: TenantWorkspace) -> None:
        doc = ws.table(self.rel)
        doc.set_header(self.column, self._old)
        doc.header_row.raw = self._raw


# -- files and groups of edits -----------------------------------------------------------


class AddFile(Operation):
    """A new file in the tenant folder (a greeting variant, a table), written on save."""

    label = "add a file"

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document

    @property
    def files(self) -> tuple[str, ...]:
        return (self.document.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        ws.add_document(self.document)

    def revert(self, ws: TenantWorkspace) -> None:
        ws.remove_document(self.document.rel)


class RemoveFile(Operation):
    """A file of the tenant folder deleted (on save)."""

    label = "delete a file"

    def __init__(self, rel: str) -> None:
        super().__init__()
        self.rel = rel
        self._document: Document | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return (self.rel,)

    def apply(self, ws: TenantWorkspace) -> None:
        self._document = ws.document(self.rel)
        ws.remove_document(self.rel)

    def revert(self, ws: TenantWorkspace) -> None:
        assert self._document is not None
        ws.add_document(self._document)


class Composite(Operation):
    """Several edits as one undo step (a table renamed everywhere it is used)."""

    def __init__(self, label: str, operations: Sequence[Operation]) -> None:
        super().__init__(label)
        self.operations = list(operations)

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for op in self.operations for f in op.files))

    def apply(self, ws: TenantWorkspace) -> None:
        done: list[Operation] = []
        try:
            for op in self.operations:
                op.apply(ws)
                done.append(op)
        except Exception:
            for op in reversed(done):
                op.revert(ws)
            raise

    def revert(self, ws: TenantWorkspace) -> None:
        for op in reversed(self.operations):
            op.revert(ws)


def new_text_file(rel: str, text: str) -> AddFile:
    doc = TextDocument(rel, None, text)
    doc.changed()
    return AddFile(doc)


def new_table_file(rel: str, header: Sequence[str], cells: Sequence[Sequence[str]] = ()
                   ) -> AddFile:
    doc = CsvDocument(rel, None, "")
    doc.header_row.cells = list(header)
    doc.rows = [doc.new_row(c) for c in cells]
    doc.changed()
    return AddFile(doc)


def is_yaml(doc: Document) -> bool:
    return isinstance(doc, YamlDocument)
