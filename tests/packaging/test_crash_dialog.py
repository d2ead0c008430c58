"""The crash dialog shows the error and the log file's path, and reports the choice."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from operator_desk.logs import CrashInfo
from operator_desk.ui import crash
from operator_desk.ui.crash import CrashChoice, CrashDialog, CrashReporter


@pytest.fixture
def info(tmp_path: Path) -> CrashInfo:
    return CrashInfo("ValueError: boom", "Traceback (most recent call last):\n  ...\nValueError: boom\n",
                     tmp_path / "logs" / "operator-desk.log", "MainThread")


def test_the_dialog_shows_the_error_and_the_log_path(qtbot, info):
    dialog = CrashDialog(info)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == "ValueError: boom"
    assert dialog.log_path.text() == str(info.log_file)
    assert dialog.log_path.isReadOnly()  # selectable, not editable
    assert dialog.open_folder_button.isEnabled()
    assert not dialog.details.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible() and "Traceback" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert str(info.log_file) in QApplication.clipboard().text()


def test_open_folder_opens_the_log_folder(qtbot, info, monkeypatch):
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = CrashDialog(info)
    qtbot.addWidget(dialog)
    dialog.open_folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(info.log_file.parent)]


def test_without_a_log_file_the_dialog_says_so(qtbot, info):
    dialog = CrashDialog(CrashInfo(info.summary, info.details, None, "MainThread"))
    qtbot.addWidget(dialog)
    assert dialog.log_path.text() == "(no log file)"
    assert not dialog.open_folder_button.isEnabled()


@pytest.mark.parametrize(("button", "choice"), [
    ("restart_button", CrashChoice.RESTART),
    ("close_button", CrashChoice.CLOSE),
    ("keep_button", CrashChoice.KEEP_WORKING),
])
def test_each_button_is_a_choice(qtbot, info, button, choice):
    dialog = CrashDialog(info)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert dialog.choice is choice


def test_the_reporter_shows_one_dialog_for_a_crash_in_another_thread(qtbot, info):
    reporter = CrashReporter(act=False)
    thread = threading.Thread(target=lambda: [reporter.report(info), reporter.report(info)])
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    dialog = reporter.dialog
    assert dialog is not None and dialog.log_path.text() == str(info.log_file)
    QCoreApplication.sendPostedEvents(reporter)  # both reports are in (the thread ended)
    assert reporter.dialog is dialog  # the second report did not open another one
    with qtbot.waitSignal(reporter.finished) as done:
        dialog.close_button.click()
    assert done.args == [CrashChoice.CLOSE] and reporter.dialog is None


def test_a_known_error_is_a_message_in_its_own_words_not_a_crash(qtbot, info):
    reporter = CrashReporter(act=False)
    known = CrashInfo("StorageError: cannot use the database /x/desk.sqlite3: disk is full",
                      info.details, info.log_file, "MainThread", known=True,
                      message="cannot use the database /x/desk.sqlite3: disk is full")
    reporter.report(known)
    qtbot.waitUntil(lambda: reporter.message is not None)
    message = reporter.message
    assert message is not None and reporter.dialog is None  # no crash dialog, no restart
    assert message.text() == "cannot use the database /x/desk.sqlite3: disk is full"
    assert str(info.log_file) in message.informativeText()
    assert message.isVisible() and not message.isModal()  # a call on screen stays usable
    reporter.report(info)  # a bug meanwhile: logged, the message stays the one shown
    QCoreApplication.sendPostedEvents(reporter)
    assert reporter.dialog is None and reporter.message is message
    with qtbot.waitSignal(reporter.finished) as done:
        message.button(QMessageBox.StandardButton.Ok).click()
    assert done.args == [CrashChoice.KEEP_WORKING] and reporter.message is None


def test_restart_runs_the_same_desk_again(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["operator-desk", "--operator", "Анна"])
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert crash.restart_command() == (sys.executable, ["-m", "operator_desk", "--operator", "Анна"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert crash.restart_command() == (sys.executable, ["--operator", "Анна"])
