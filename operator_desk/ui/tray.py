"""The desk's tray icon: show/hide the window, quit, and starting minimised to the tray.

Wiring (app.py)::

    tray = DeskTray(window)
    tray.quit_requested.connect(app.quit)
    tray.start(minimised=settings.desk.start_minimised)    # instead of window.show()

Where the desktop has no tray (some GNOME set-ups, offscreen), "start minimised" falls
back to a minimised window so the operator can still find the desk in the task bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from operator_desk.resources import icon_path

log = logging.getLogger(__name__)


WINDOW_ICON_SIZES = (16, 24, 32, 48, 64)
"""The sizes the window and the tray use. The 128 and 256 px icons are the launchers'
(the package installs them in the icon theme): under X, Qt hands every size a window
icon has to the window manager and keeps them decoded, and those two alone would hold
~320 KiB of pixels for the whole shift."""


def desk_icon() -> QIcon:
    """The desk's icon, from PNGs of 16 to 64 px (:data:`WINDOW_ICON_SIZES`).

    Not from the SVG: that would load Qt's SVG icon engine for one icon (~1.7 MiB of
    an idle desk). ``packaging/render_icons.py`` renders the PNGs from the SVG.
    """
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        icon.addFile(str(icon_path(f"operator-desk-{size}", ".png")))
    return icon


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class DeskTray(QObject):
    """A tray icon for ``window`` with Show/Hide and Quit, and a click that toggles the
    window.

    Signals: ``quit_requested()`` when the operator chose Quit.
    """

    quit_requested = Signal()

    def __init__(self, window: QWidget, icon: QIcon | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.icon = QSystemTrayIcon(icon if icon is not None else desk_icon(), self)
        self.icon.setToolTip(self.tr("Operator Desk"))
        self.menu = QMenu(window)
        self.toggle_action = QAction(self.tr("Show the desk"), self.menu)
        self.toggle_action.triggered.connect(self.toggle_window)
        self.quit_action = QAction(self.tr("Quit"), self.menu)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.toggle_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.menu.aboutToShow.connect(self._update_toggle_text)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)

    @property
    def available(self) -> bool:
        return tray_available()

    def start(self, minimised: bool) -> None:
        """Show the tray icon, and the window unless ``minimised``."""
        if self.available:
            self.icon.show()
        if not minimised:
            self.window.show()
        elif self.available:
            log.info("started minimised to the tray")
        else:
            log.info("no system tray: starting with a minimised window instead")
            self.window.showMinimized()
        self._update_toggle_text()

    def set_status(self, text: str) -> None:
        """The tooltip: the desk's state (Ready, Ringing: …) for a glance at the tray."""
        self.icon.setToolTip(f"{self.tr('Operator Desk')}: {text}" if text else
                             self.tr("Operator Desk"))

    def bring_to_front(self) -> None:
        """Show, raise and focus the window (e.g. when a call rings while it is hidden)."""
        if self.window.isMinimized():
            self.window.showNormal()
        else:
            self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self._update_toggle_text()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.bring_to_front()
        self._update_toggle_text()

    def hide(self) -> None:
        self.icon.hide()

    def _update_toggle_text(self) -> None:
        shown = self.window.isVisible() and not self.window.isMinimized()
        self.toggle_action.setText(self.tr("Hide the desk") if shown else self.tr("Show the desk"))

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.toggle_window()
