"""The desk's Qt application and its window, as the composition root starts them: the
application's name, icon and translations, the crash dialog behind the crash hook, the
window with its tray icon, and the event journal's entries from the GUI."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication

from operator_desk.logs import ExceptHook, install_excepthook
from operator_desk.sip.journal import CallJournal
from operator_desk.ui.crash import CrashReporter
from operator_desk.ui.i18n import install_translator
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.tray import DeskTray, desk_icon

__all__ = ["DeskShell", "GuiJournal", "start_qt"]

WINDOW_SIZE = (1366, 768)
"""The window's first size: a call-floor PC's screen."""


def start_qt() -> tuple[QApplication, ExceptHook]:
    """The Qt application (translated for the operator's language) and the crash hook
    that logs every uncaught exception; the hook's dialog comes with the window."""
    hook = install_excepthook()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Operator Desk")
    app.setWindowIcon(desk_icon())
    install_translator(app)
    return app, hook


class DeskShell:
    """The window and its tray icon. Closing the window ends the desk (so does the tray's
    Quit); hidden in the tray, closing a dialog does not. A crash shows its dialog over
    the window."""

    def __init__(self, app: QApplication, hook: ExceptHook) -> None:
        self.window = DeskWindow()
        hook.callback = CrashReporter(self.window).report
        self.tray = DeskTray(self.window)
        self.tray.quit_requested.connect(app.quit)
        if self.tray.available:
            # Hidden in the tray, closing a dialog must not end the desk.
            app.setQuitOnLastWindowClosed(False)
            self.window.closed.connect(app.quit)

    def show(self, minimised: bool, pop_shown: SignalInstance) -> None:
        """Show the window (or only the tray icon, ``minimised``); each ``pop_shown``
        brings it to the front."""
        self.window.resize(*WINDOW_SIZE)
        self.tray.start(minimised=minimised)
        pop_shown.connect(lambda _pop: self.tray.bring_to_front())


class GuiJournal:
    """The event journal's lines that the GUI writes (``--event-log``): the painted
    pop and ``desk_ready``. A journal of its own: the engine's writes from its thread."""

    def __init__(self, path: Path, started: float, pop_painted: SignalInstance) -> None:
        self._journal = CallJournal(path)
        self._started = started
        """``time.perf_counter()`` when the desk started."""
        pop_painted.connect(self.pop_painted)

    @classmethod
    def of(cls, path: Path | None, started: float, pop_painted: SignalInstance) -> GuiJournal | None:
        """The GUI's journal when the desk keeps one (``path``), else None."""
        return cls(path, started, pop_painted) if path is not None else None

    def pop_painted(self, call_id: str, ts_ns: int) -> None:
        self._journal.write({"event": "screen_pop_painted", "call_id": call_id, "ts_ns": ts_ns})

    def desk_ready(self, _port: int = 0) -> None:
        self._journal.write({"event": "desk_ready", "call_id": "", "ts_ns": time.time_ns(),
                             "startup_ms": round((time.perf_counter() - self._started) * 1000, 1)})
