"""The script studio's window: companies on the left, the editors in the middle, the
operator's screen on the right, problems below.

Keys: Ctrl+S save, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+N new company, Ctrl+P
publish, Ctrl+1…5 the Questions, Tables, Greetings, Company and Gap reports pages, F6 the
problems, Ctrl+Shift+P the operator's screen at full size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.errors import OperatorDeskError, Problem
from operator_desk.core.library import QUESTIONS_FILE, TENANT_FILE
from operator_desk.studio import questions as q
from operator_desk.studio.checks import TenantCheck
from operator_desk.studio.gaps import LocalGaps
from operator_desk.ui.studio.greeting_editor import GreetingEditor
from operator_desk.ui.studio.panels import GapsView, ProblemsPanel, TenantList
from operator_desk.ui.studio.preview import PreviewPane
from operator_desk.ui.studio.publish_dialog import PublishDialog
from operator_desk.ui.studio.question_editor import QuestionEditor
from operator_desk.ui.studio.session import StudioSession
from operator_desk.ui.studio.table_editor import TableEditor
from operator_desk.ui.studio.tenant_page import TenantPage

BACKGROUND_CHECK_MS = 0
LIST_CHECK_DELAY_MS = 200


class UndoKeys(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z reach the studio's undo stack from a text field.

    Each keystroke in a field is already an edit on the stack; the field's own undo would
    undo letters behind the stack's back. Installed on the studio's text fields only."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or event.keyCombination().toCombined() == QKeySequence("Ctrl+Shift+Z")[0].toCombined()):
            event.ignore()
            return True
        return False


class StudioWindow(QMainWindow):
    def __init__(self, session: StudioSession, local_gaps: LocalGaps,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioWindow")
        self.session = session
        self.setMinimumSize(QSize(1024, 640))
        self.tenants = TenantList(session.library)
        self.preview = PreviewPane(session)
        self.questions = QuestionEditor(session)
        self.tables = TableEditor(session)
        self.greetings = GreetingEditor(session, self.preview.context_bar)
        self.company = TenantPage(session)
        self.gaps = GapsView(local_gaps)
        self.problems = ProblemsPanel()
        self.pages = QTabWidget()
        self.pages.setObjectName("studioPages")
        self.pages.addTab(self.questions, self.tr("Questions"))
        self.pages.addTab(self.tables, self.tr("Tables"))
        self.pages.addTab(self.greetings, self.tr("Greetings"))
        self.pages.addTab(self.company, self.tr("Company"))
        self.pages.addTab(self.gaps, self.tr("Gap reports"))
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.pages)
        middle.addWidget(self.problems)
        middle.setStretchFactor(0, 4)
        middle.setStretchFactor(1, 1)
        middle.setChildrenCollapsible(False)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.tenants)
        self.split.addWidget(middle)
        self.split.addWidget(self.preview)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 5)
        self.split.setStretchFactor(2, 5)
        self.split.setChildrenCollapsible(False)
        self.tenants.setMinimumWidth(190)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.addWidget(self.split)
        self.setCentralWidget(central)
        self._build_actions()
        self._connect()
        self._undo_keys = UndoKeys(self)
        for editor in (*self.pages.findChildren(QLineEdit), *self.pages.findChildren(QPlainTextEdit)):
            editor.installEventFilter(self._undo_keys)
            if isinstance(editor, QPlainTextEdit):
                editor.setUndoRedoEnabled(False)
        self._pending_list: list[str] = []
        self._list_timer = QTimer(self)
        self._list_timer.setInterval(BACKGROUND_CHECK_MS)
        self._list_timer.timeout.connect(self._check_next_in_list)
        self._update_title()

    def _build_actions(self) -> None:
        bar = self.addToolBar(self.tr("Studio"))
        bar.setObjectName("studioToolbar")
        bar.setMovable(False)
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        edit_menu = menu.addMenu(self.tr("&Edit"))
        view_menu = menu.addMenu(self.tr("&View"))

        def action(text: str, keys: str, slot: object, name: str) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if keys:
                a.setShortcut(QKeySequence(keys))
                native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                a.setToolTip(f"{text} ({native})")
            a.triggered.connect(slot)  # type: ignore[arg-type]
            return a

        self.new_action = action(self.tr("New company…"), "Ctrl+N", self.new_tenant, "newAction")
        self.save_action = action(self.tr("Save"), "Ctrl+S", self.save, "saveAction")
        self.publish_action = action(self.tr("Publish…"), "Ctrl+P", self.publish, "publishAction")
        self.quit_action = action(self.tr("Quit"), "Ctrl+Q", self.close, "quitAction")
        self.undo_action = self.session.undo_group.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.session.undo_group.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setObjectName("redoAction")
        self.screen_action = action(self.tr("Operator's screen"), "Ctrl+Shift+P",
                                    self.preview.open_screen, "screenAction")
        self.problems_action = action(self.tr("Go to the problems"), "F6",
                                      self.problems.list.setFocus, "problemsAction")
        for a in (self.new_action, self.save_action, self.publish_action, self.quit_action):
            file_menu.addAction(a)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        view_menu.addAction(self.screen_action)
        view_menu.addAction(self.problems_action)
        for i in range(self.pages.count()):
            page = action(self.pages.tabText(i), f"Ctrl+{i + 1}",
                          lambda _=False, n=i: self.show_page(n), f"page{i + 1}")
            view_menu.addAction(page)
        for a in (self.save_action, self.undo_action, self.redo_action, self.publish_action,
                  self.screen_action):
            bar.addAction(a)
        self.addActions([self.new_action, self.save_action, self.publish_action,
                         self.undo_action, self.redo_action, self.screen_action,
                         self.problems_action])

    def _connect(self) -> None:
        s = self.session
        self.tenants.tenant_chosen.connect(self.open_tenant)
        self.tenants.new_button.clicked.connect(self.new_tenant)
        self.tenants.duplicate_button.clicked.connect(self.duplicate_tenant)
        self.questions.question_selected.connect(self.preview.show_question)
        self.problems.problem_activated.connect(self.go_to_problem)
        self.gaps.answer_requested.connect(self.answer_gap)
        s.checked.connect(self._on_session_checked)
        s.failed.connect(self._on_session_failed)
        s.saved.connect(self._on_session_saved)
        s.list_changed.connect(lambda: self.tenants.fill(s.tenant_id))
        s.undo_group.cleanChanged.connect(lambda _: self._update_title())
        s.edited.connect(lambda *_: self._update_title())

    # -- tenants -----------------------------------------------------------------------

    def start(self, tenant_id: str = "") -> None:
        """Fill the list, open ``tenant_id`` (or the first), then check the others one by
        one while the window is idle, so the list shows which ones have problems."""
        ids = self.session.library.tenant_ids()
        first = tenant_id if tenant_id in ids else (ids[0] if ids else "")
        self.tenants.fill(first)
        if first:
            self.open_tenant(first)
        self._pending_list = [t for t in ids if t != first]
        QTimer.singleShot(LIST_CHECK_DELAY_MS, self._list_timer.start)  # after the first paint
        self.gaps.title_of = self._gap_title
        self.gaps.reload()
        self.show_page(0)
        self.questions.tree.setFocus()

    def _check_next_in_list(self) -> None:
        if not self._pending_list:
            self._list_timer.stop()
            return
        tenant_id = self._pending_list.pop(0)
        self.session.library.check_quietly(tenant_id)
        self.tenants.update_tenant(tenant_id)

    def open_tenant(self, tenant_id: str) -> None:
        if tenant_id and tenant_id != self.session.tenant_id:
            self.session.open_tenant(tenant_id)
            self.tenants.select(tenant_id)
            self._update_title()

    def new_tenant(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New company"),
                                        self.tr("The client company's name, as the operator "
                                                "says it:"))
        if ok and name.strip():
            self.session.new_tenant(name.strip())
            self.show_page(3)

    def duplicate_tenant(self) -> None:
        if not self.session.tenant_id:
            return
        name, ok = QInputDialog.getText(self, self.tr("Duplicate"),
                                        self.tr("The new company's name:"))
        if ok and name.strip():
            self.session.duplicate_tenant(name.strip())
            self.show_page(3)

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.pages.currentWidget().setFocus()

    # -- checks and problems -----------------------------------------------------------

    def _on_session_checked(self, check: TenantCheck) -> None:
        self.problems.show_problems(check.problems, check.warnings)
        self.tenants.update_tenant(check.tenant_id)
        self._update_title()

    def _on_session_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_session_saved(self, files: list[str]) -> None:
        self.statusBar().showMessage(self.tr("Saved: {0}").format(", ".join(files) or
                                                                  self.tr("nothing changed")),
                                     6000)
        self._update_title()

    def go_to_problem(self, problem: Problem) -> None:
        """Open the page and the place a problem is about."""
        tenant, _, rel = problem.file.partition("/")
        if tenant and tenant != self.session.tenant_id and tenant in self.session.library.library.entries:
            self.open_tenant(tenant)
        ws = self.session.workspace
        field = q.parse_field(problem.field)
        if rel == QUESTIONS_FILE:
            self.show_page(0)
            path = field or self._path_at_line(problem.line)
            self.questions.focus_field(path)
        elif rel.endswith(".csv"):
            self.show_page(1)
            table = next((k.split(":", 1)[1] for k, v in ws.referenced_files().items()
                          if v == rel and k.startswith("table:")), "")
            self.tables.show_table(table)
            if self.tables.model is not None:
                row = self.tables.model.doc.row_at_line(problem.line)
                if row >= 0:
                    self.tables.grid.setCurrentIndex(self.tables.model.index(row, 0))
                self.tables.grid.setFocus()
        elif rel.startswith("greetings/"):
            self.show_page(2)
            variant = next((k.split(":", 1)[1] for k, v in ws.referenced_files().items()
                            if v == rel and k.startswith("greeting:")), "default")
            self.greetings.select_variant(variant)
            self.greetings.editor.setFocus()
        elif rel == TENANT_FILE and field[:1] == ("tables",):
            self.show_page(1)
            self.tables.show_table(str(field[1]) if len(field) > 1 else "")
        elif rel == TENANT_FILE and field[:1] == ("greetings",):
            self.show_page(2)
        elif rel == TENANT_FILE:
            self.show_page(3)

    def _path_at_line(self, line: int) -> tuple[str | int, ...]:
        doc = self.session.workspace.questions
        best: tuple[str | int, ...] = ()
        for node in q.walk(doc):
            start = doc.line_of(node.path)
            if start and start <= line:
                best = node.path
        return best

    def answer_gap(self, tenant_id: str, question_id: str, words: list[str]) -> None:
        if tenant_id not in self.session.library.library.entries:
            self.statusBar().showMessage(self.tr("There is no company «{0}» in this library")
                                         .format(tenant_id), 8000)
            return
        self.open_tenant(tenant_id)
        self.show_page(0)
        if question_id and self.questions.select(question_id):
            self.questions.answer.setFocus()
            return
        self.questions.add_answer_for(words)

    def _gap_title(self, tenant_id: str, question_id: str) -> str:
        library = self.session.library.library
        if tenant_id not in library.entries:
            return tenant_id
        if not question_id:
            return self.session.library.summary(tenant_id).name
        try:
            question = library.script(tenant_id).find(question_id)
        except OperatorDeskError:
            question = None
        return question.question if question is not None else question_id

    # -- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        s = self.session
        if not s.tenant_id:
            return True
        check = s.check_now()
        ws = s.workspace
        others = ws.changed_on_disk()
        if others and QMessageBox.question(
                self, self.tr("Changed on disk"),
                self.tr("Someone changed these files since the studio read them: {0}. "
                        "Save over them?").format(", ".join(others))) != QMessageBox.StandardButton.Yes:
            return False
        if check is not None and check.problems:
            answer = QMessageBox.question(
                self, self.tr("Save with problems?"),
                self.tr("The files have {0} problem(s); the desk will not load this company's "
                        "script until they are fixed (its other companies keep working). "
                        "Save anyway?").format(len(check.problems)))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        s.save()
        return True

    def publish(self) -> None:
        if self.session.dirty_tenants():
            answer = QMessageBox.question(self, self.tr("Publish"),
                                          self.tr("Save the changes before publishing?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
            for tenant_id in self.session.dirty_tenants():
                self.session.save(tenant_id)
        dialog = PublishDialog(self.session.library.root, self)
        dialog.open()
        self.publish_dialog = dialog

    def _update_title(self) -> None:
        s = self.session
        entry = s.library.library.entries.get(s.tenant_id)
        tenant = (entry.tenant or entry.draft) if entry else None
        name = tenant.name if tenant else s.tenant_id
        dirty = bool(s.tenant_id) and not s.stack.isClean()  # cheap: no file is re-encoded
        self.setWindowTitle(self.tr("Script studio — {0}{1}").format(name, " *" if dirty else ""))

    def closeEvent(self, event: QCloseEvent) -> None:
        dirty = self.session.dirty_tenants()
        if not dirty:
            event.accept()
            return
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Save the changes to {0}?").format(", ".join(dirty)),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            event.ignore()
            return
        if answer == QMessageBox.StandardButton.Save:
            for tenant_id in dirty:
                self.session.save(tenant_id)
        event.accept()
