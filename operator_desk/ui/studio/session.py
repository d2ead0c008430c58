"""The studio's controller: one tenant open for editing, its undo stack, and its checks.

Signals:
    tenant_opened(str): a tenant is open for editing (its id).
    edited(object, bool): an edit was applied, undone or redone: the :class:`Operation`, and
        True when it was just made by a widget (which already shows it), False for an
        undo or a redo.
    checked(object): the desk's validator ran over the edited tenant: a :class:`TenantCheck`.
    saved(list): files written (tenant-relative paths).
    failed(str): an edit or a save could not be done; the reason in plain words.
    list_changed(): tenants were added (or their names/numbers changed).

Checks run a moment after the last edit (``CHECK_DELAY_MS``), not on every keystroke:
typing only updates the preview (see :class:`~.preview.PreviewPane`).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from operator_desk.core.errors import OperatorDeskError
from operator_desk.studio.checks import StudioLibrary, TenantCheck
from operator_desk.studio.operations import Operation
from operator_desk.studio.workspace import TenantWorkspace

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 250


class OperationCommand(QUndoCommand):
    """An :class:`Operation` on the undo stack."""

    MERGE_ID = 20

    def __init__(self, session: StudioSession, ws: TenantWorkspace, op: Operation) -> None:
        super().__init__(session.label_for(op))
        self.session, self.ws, self.op = session, ws, op
        self.error = ""
        self._pushed = False

    def redo(self) -> None:
        try:
            self.ws.apply(self.op)
        except (OperatorDeskError, KeyError, IndexError, ValueError) as exc:
            self.error = str(exc)
            self.setObsolete(True)
            return
        self.session._after_edit(self.op, not self._pushed)
        self._pushed = True

    def undo(self) -> None:
        self.ws.revert(self.op)
        self.session._after_edit(self.op, False)

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        return (isinstance(other, OperationCommand) and other.ws is self.ws
                and not other.error and self.op.merge(other.op))


class StudioSession(QObject):
    tenant_opened = Signal(str)
    edited = Signal(object, bool)
    checked = Signal(object)
    saved = Signal(list)
    failed = Signal(str)
    list_changed = Signal()

    def __init__(self, library: StudioLibrary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[str, QUndoStack] = {}
        self.tenant_id = ""
        self.last_check: TenantCheck | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._stage_version = -1
        self._checked_version = -1
        self.check_times_ms: list[float] = []
        """How long each check took, with everything shown from it (for the benchmark)."""

    # -- tenants -----------------------------------------------------------------------

    @property
    def workspace(self) -> TenantWorkspace:
        return self.library.workspace(self.tenant_id)

    @property
    def stack(self) -> QUndoStack:
        return self._stacks[self.tenant_id]

    def open_tenant(self, tenant_id: str) -> bool:
        try:
            self.library.workspace(tenant_id)
        except OperatorDeskError as exc:
            self.failed.emit(str(exc))
            return False
        if tenant_id not in self._stacks:
            stack = QUndoStack(self)
            stack.setUndoLimit(500)
            self._stacks[tenant_id] = stack
            self.undo_group.addStack(stack)
        self.tenant_id = tenant_id
        self.undo_group.setActiveStack(self._stacks[tenant_id])
        self.tenant_opened.emit(tenant_id)
        self.check_now()
        return True

    def new_tenant(self, name: str) -> str:
        tenant_id = self.library.create_tenant(name)
        self.list_changed.emit()
        self.open_tenant(tenant_id)
        return tenant_id

    def duplicate_tenant(self, name: str) -> str:
        tenant_id = self.library.duplicate_tenant(self.tenant_id, name)
        self.list_changed.emit()
        self.open_tenant(tenant_id)
        return tenant_id

    # -- edits -------------------------------------------------------------------------

    def label_for(self, op: Operation) -> str:
        """The edit's name in the Undo menu, in the UI's language."""
        labels = {
            "change a value": self.tr("change a value"),
            "add an item": self.tr("add an item"),
            "remove an item": self.tr("remove an item"),
            "add a question": self.tr("add a question"),
            "delete a question": self.tr("delete a question"),
            "move a question": self.tr("move a question"),
            "edit the greeting": self.tr("edit the greeting"),
            "edit a cell": self.tr("edit a cell"),
            "add rows": self.tr("add rows"),
            "delete rows": self.tr("delete rows"),
            "import a table": self.tr("import a table"),
            "add a column": self.tr("add a column"),
            "delete a column": self.tr("delete a column"),
            "rename a column": self.tr("rename a column"),
            "add a file": self.tr("add a file"),
            "delete a file": self.tr("delete a file"),
            "change question": self.tr("change the question"),
            "change answer": self.tr("change the answer"),
            "change keywords": self.tr("change the keywords"),
        }
        return labels.get(op.label, op.label)

    def push(self, op: Operation) -> bool:
        """Apply ``op`` as one step of the undo stack; False (and ``failed``) if it could
        not be applied."""
        if not self.tenant_id:
            return False
        command = OperationCommand(self, self.workspace, op)
        self.stack.push(command)
        if command.error:
            self.failed.emit(command.error)
            return False
        return True

    def _after_edit(self, op: Operation, from_widget: bool) -> None:
        self.edited.emit(op, from_widget)
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        """The check in steps, each its own turn of the event loop, so that a key pressed
        meanwhile waits for one step at most: first the edited files are written out in
        memory (for a long questions.yaml the longest step), then validated."""
        if not self.tenant_id:
            return
        self._stage_version = self.workspace.version
        self.library.edited()
        QTimer.singleShot(0, self._on_encoded)

    def _on_encoded(self) -> None:
        if self.tenant_id and self.workspace.version == self._stage_version \
                and not self._timer.isActive():
            self.check_now()

    def check_now(self) -> TenantCheck | None:
        self._timer.stop()
        if not self.tenant_id:
            return None
        start = time.perf_counter()
        self._checked_version = self._stage_version = self.workspace.version
        check = self.library.check(self.tenant_id)
        self.last_check = check
        self.checked.emit(check)
        self.check_times_ms.append((time.perf_counter() - start) * 1000)
        return check

    @property
    def check_pending(self) -> bool:
        last = self.last_check
        return self._timer.isActive() or (last is not None and self._stage_version >= 0
                                          and self._checked_version != self._stage_version)

    # -- saving ------------------------------------------------------------------------

    def dirty_tenants(self) -> list[str]:
        return [tid for tid, ws in self.library.workspaces.items() if ws.dirty]

    def save(self, tenant_id: str | None = None) -> list[str]:
        ws = self.library.workspace(tenant_id or self.tenant_id)
        try:
            written = ws.save()
        except OSError as exc:
            self.failed.emit(self.tr("Not saved: {0}").format(exc))
            return []
        stack = self._stacks.get(ws.tenant_id)
        if stack is not None:
            stack.setClean()
        self.saved.emit(written)
        self.list_changed.emit()
        return written
