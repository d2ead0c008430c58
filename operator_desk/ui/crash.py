"""The crash dialog: what went wrong, where the log is, and restart or close.

:class:`CrashReporter` is the bridge from :class:`operator_desk.logs.ExceptHook` (which
may run on any thread) to the GUI thread. A known error (an ``OperatorDeskError`` that no
one caught: a full disk, a damaged database) is shown kindly, as a message in its own
words that the operator closes and works on; anything else is a bug and gets the crash
dialog (GUI thread only)::

    hook = install_excepthook()              # early, before Qt
    reporter = CrashReporter(window)         # once the window exists
    hook.callback = reporter.report
"""

from __future__ import annotations

import enum
import logging
import sys

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_desk.logs import CrashInfo

log = logging.getLogger(__name__)

# QStyle, QProcess and QDesktopServices are imported where a crash needs them: PySide6
# builds a class's Python type, enums and all, when it is first imported, and QStyle's
# alone is ~0.3 MiB the desk would otherwise carry all shift for a dialog it rarely shows.


class CrashChoice(enum.Enum):
    RESTART = "restart"
    CLOSE = "close"
    KEEP_WORKING = "keep-working"


class CrashDialog(QDialog):
    """Shows one uncaught error: a summary, the log file's path (selectable, with a button
    that opens its folder), the details on demand, and Restart / Close / Keep working.

    Close and Restart end the desk; Keep working (also Esc) only closes the dialog, so an
    operator in the middle of a call can finish it first. :attr:`choice` holds the answer.
    """

    def __init__(self, info: CrashInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.choice = CrashChoice.KEEP_WORKING
        self.setWindowTitle(self.tr("Operator Desk: unexpected error"))
        self.setModal(True)

        from PySide6.QtWidgets import QStyle

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
                       .pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(self.tr(
            "Something went wrong inside the desk. Restart it to continue safely; "
            "if you are on a call, finish it first."))
        self.headline.setWordWrap(True)
        self.summary = QLabel(info.summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet("font-weight: bold")

        log_text = str(info.log_file) if info.log_file else self.tr("(no log file)")
        self.log_label = QLabel(self.tr("The details are in the log file; send it to your IT "
                                        "support:"))
        self.log_path = QLineEdit(log_text)
        self.log_path.setReadOnly(True)
        self.log_path.setCursorPosition(0)
        self.open_folder_button = QPushButton(self.tr("Open log folder"))
        self.open_folder_button.setEnabled(info.log_file is not None)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self._on_copy_clicked)

        self.details = QPlainTextEdit(info.details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(160)
        self.details_button = QPushButton(self.tr("Show details"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._on_details_toggled)

        self.buttons = QDialogButtonBox()
        self.restart_button = self.buttons.addButton(
            self.tr("Restart"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button = self.buttons.addButton(
            self.tr("Keep working"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restart_button.setDefault(True)
        self.restart_button.clicked.connect(lambda: self._finish(CrashChoice.RESTART))
        self.close_button.clicked.connect(lambda: self._finish(CrashChoice.CLOSE))
        self.keep_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.summary)
        top.addLayout(text, 1)
        path_row = QHBoxLayout()
        path_row.addWidget(self.log_path, 1)
        path_row.addWidget(self.open_folder_button)
        extra = QHBoxLayout()
        extra.addWidget(self.details_button)
        extra.addWidget(self.copy_button)
        extra.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log_label)
        layout.addLayout(path_row)
        layout.addLayout(extra)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    def _finish(self, choice: CrashChoice) -> None:
        self.choice = choice
        self.accept()

    def _on_open_folder_clicked(self) -> None:
        from PySide6.QtGui import QDesktopServices

        if self.info.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.info.log_file.parent)))

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(
            f"{self.info.summary}\n\nlog: {self.log_path.text()}\n\n{self.info.details}")

    def _on_details_toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()


class KnownErrorMessage(QMessageBox):
    """A known error in its own words, with where the log is; not modal (an operator in a
    call finishes it first) and no talk of restarting: the desk is fine."""

    def __init__(self, info: CrashInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knownErrorMessage")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Operator Desk"))
        self.setText(info.message or info.summary)
        if info.log_file is not None:
            self.setInformativeText(self.tr("The details are in the log file {0}.")
                                    .format(info.log_file))
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setModal(False)


def restart_command() -> tuple[str, list[str]]:
    """Program and arguments that start this desk again with the same arguments."""
    if getattr(sys, "frozen", False):
        return sys.executable, list(sys.argv[1:])
    return sys.executable, ["-m", "operator_desk", *sys.argv[1:]]


def restart_desk() -> bool:
    """Start a new desk process and quit this one; False (and no quit) if it cannot start."""
    from PySide6.QtCore import QProcess

    program, args = restart_command()
    started, _pid = QProcess.startDetached(program, args)
    if not started:
        log.error("could not restart the desk: %s %s", program, args)
        return False
    QApplication.exit(0)
    return True


class CrashReporter(QObject):
    """Receives :class:`CrashInfo` from any thread and shows, on the GUI thread, one
    :class:`CrashDialog` (a bug) or :class:`KnownErrorMessage` (a known error) at a time;
    errors arriving while one is open are only logged.

    Create it on the GUI thread. Signals: ``crashed(CrashInfo)`` (queued to the GUI
    thread), ``finished(CrashChoice)`` after the operator answered (``KEEP_WORKING`` when
    a known error's message was closed).
    """

    crashed = Signal(object)
    finished = Signal(object)

    def __init__(self, parent_widget: QWidget | None = None, *, act: bool = True) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._act = act
        self.dialog: CrashDialog | None = None
        self.message: KnownErrorMessage | None = None
        self.crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

    def report(self, info: CrashInfo) -> None:
        """Thread-safe: use as :attr:`operator_desk.logs.ExceptHook.callback`."""
        self.crashed.emit(info)

    @Slot(object)
    def _on_crashed(self, info: CrashInfo) -> None:
        if self.dialog is not None or self.message is not None:
            return
        if info.known:
            self.message = KnownErrorMessage(info, self._parent_widget)
            self.message.finished.connect(self._on_message_finished)
            self.message.show()
            return
        self.dialog = CrashDialog(info, self._parent_widget)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    @Slot(int)
    def _on_message_finished(self, _result: int) -> None:
        message, self.message = self.message, None
        if message is not None:
            message.deleteLater()
            self.finished.emit(CrashChoice.KEEP_WORKING)

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        choice = dialog.choice
        dialog.deleteLater()
        log.info("crash dialog: %s", choice.value)
        self.finished.emit(choice)
        if not self._act:
            return
        if choice is CrashChoice.RESTART and restart_desk():
            return
        if choice in (CrashChoice.RESTART, CrashChoice.CLOSE):
            QApplication.exit(1)
