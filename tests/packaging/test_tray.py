"""The tray icon toggles the window; "start minimised" never loses the window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from operator_desk.ui import tray as tray_module
from operator_desk.ui.tray import WINDOW_ICON_SIZES, DeskTray, desk_icon
from tests.conftest import python_output


def test_the_icon_loads(qapp):
    assert not desk_icon().isNull()


def test_the_icon_has_every_size_drawn_without_the_svg_engine(qapp):
    icon = desk_icon()
    # Title bar to task switcher; the launchers' 256 px comes from the icon theme.
    assert {s.width() for s in icon.availableSizes()} == set(WINDOW_ICON_SIZES)
    assert set(WINDOW_ICON_SIZES) >= {16, 24, 32, 48, 64}
    assert icon.pixmap(64).width() == 64
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(['x', '-platform', 'offscreen'])\n"
        "from operator_desk.ui.tray import desk_icon\n"
        "assert not desk_icon().pixmap(16).isNull()\n"
        "print('svg' in open('/proc/self/maps').read().lower())\n"
    )
    assert python_output(code).strip() == "False"


def test_start_shows_the_window_unless_minimised(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    tray = DeskTray(window)
    tray.start(minimised=False)
    assert window.isVisible()
    assert tray.toggle_action.text() == "Hide the desk"
    tray.toggle_window()
    assert not window.isVisible() and tray.toggle_action.text() == "Show the desk"
    tray.bring_to_front()
    assert window.isVisible()


def test_minimised_without_a_tray_falls_back_to_a_minimised_window(qtbot, monkeypatch):
    monkeypatch.setattr(tray_module, "tray_available", lambda: False)
    window = QWidget()
    qtbot.addWidget(window)
    DeskTray(window).start(minimised=True)
    assert window.isMinimized() or window.windowState() & window.windowState().WindowMinimized


def test_minimised_with_a_tray_keeps_the_window_hidden(qtbot, monkeypatch):
    monkeypatch.setattr(tray_module, "tray_available", lambda: True)
    window = QWidget()
    qtbot.addWidget(window)
    tray = DeskTray(window)
    tray.start(minimised=True)
    assert not window.isVisible()
    tray.set_status("Ready")
    assert tray.icon.toolTip() == "Operator Desk: Ready"


def test_quit_is_a_signal(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    tray = DeskTray(window)
    with qtbot.waitSignal(tray.quit_requested):
        tray.quit_action.trigger()
