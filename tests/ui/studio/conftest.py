"""A studio window over a copy of a library, driven with real key and mouse events."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCheckBox, QLineEdit, QWidget

from tests.conftest import BUNDLED_LIBRARY


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, root)
    return root


@pytest.fixture
def open_studio(qtbot, tmp_path: Path) -> Callable[..., object]:
    from operator_desk.studio.checks import StudioLibrary
    from operator_desk.studio.gaps import LocalGaps
    from operator_desk.ui.studio.session import StudioSession
    from operator_desk.ui.studio.window import StudioWindow

    def make(root: Path, tenant: str = "", profiles: Path | None = None) -> StudioWindow:
        session = StudioSession(StudioLibrary(root))
        window = StudioWindow(session, LocalGaps(profiles or tmp_path / "no-profiles"))
        # Closing asks about unsaved edits; a test leaves them unsaved.
        qtbot.addWidget(window, before_close_func=lambda w: w.session.library.workspaces.clear())
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.start(tenant)
        activate(qtbot, window)
        return window

    return make


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key (QTest.keyClicks knows only ASCII: Cyrillic
    goes as key events that carry the character)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)


def when_modal(action: Callable[[QWidget], None]) -> None:
    """Run ``action`` on the next modal dialog as soon as it is up (for exec() dialogs)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        action(dialog)

    QTimer.singleShot(0, poll)


def type_into_dialog(text: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit)
        type_text(edit, text)
        QTest.keyClick(edit, Qt.Key.Key_Return)

    return act


def click(widget: QWidget) -> None:
    """A left click on the widget (a check box: on its box, which is what toggles it)."""
    pos = widget.rect().center()
    if isinstance(widget, QCheckBox):
        pos = QPoint(8, widget.height() // 2)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def edit_cell(table: QAbstractItemView, row: int, column: int, text: str) -> None:
    """Double-click a cell, type, Enter: as an author edits a table."""
    rect = table.visualRect(table.model().index(row, column))
    viewport = table.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    editor = viewport.findChild(QLineEdit)
    assert editor is not None and editor.isVisible(), "the cell did not open for editing"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the view commits the editor's text on its next turn


def tree_click(tree, item) -> None:
    rect = tree.visualItemRect(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 20,
                                                                           rect.center().y()))


def activate(qtbot, window: QWidget) -> None:
    """The window active again (after a dialog closed), as a window manager makes it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def press(qtbot, window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A window shortcut (Ctrl+S…), pressed while the window is the active one."""
    if not window.isActiveWindow():
        activate(qtbot, window)
    QTest.keyClick(window, key, modifiers)
