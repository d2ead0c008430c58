"""``operator-desk supervisor``: the supervisor's window on the floor database."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def build_supervisor(url: str, password: str | None, library: Any, **feed_options: Any) -> tuple[Any, Any]:
    """The window and its feed for a floor, named and targeted after the scripts library's
    tenants (names, service levels); nothing started yet."""
    from operator_desk.floor.link import FloorLink
    from operator_desk.ui.supervisor.feed import CHANNELS, SupervisorFeed
    from operator_desk.ui.supervisor.window import SupervisorWindow

    tenants = list(library) if library is not None else []
    names = {t.id: t.name for t in tenants}
    levels = {t.id: float(t.service_level.seconds) for t in tenants}
    targets = {t.id: t.service_level.target / 100 for t in tenants}
    link = FloorLink(url, password, application_name="operator-desk supervisor", channels=CHANNELS)
    feed = SupervisorFeed(link, levels, **feed_options)
    window = SupervisorWindow(names, targets)
    feed.agents_loaded.connect(window.set_agents)
    feed.agent_changed.connect(window.update_agent)
    feed.offline_changed.connect(window.set_offline)
    feed.figures_loaded.connect(window.set_figures)
    feed.callbacks_loaded.connect(window.set_callbacks)
    feed.hours_loaded.connect(window.set_hours)
    feed.link_changed.connect(window.show_link)
    window.refresh_requested.connect(feed.refresh)
    return window, feed


def run_supervisor_window(url: str, password: str | None, library_path: str | None) -> int:
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401  (before the rest: it tames PySide6's import hook)
    from operator_desk.core.library import Library, default_library_path
    from operator_desk.logs import setup_logging
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.tray import desk_icon

    setup_logging(logging.INFO)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Operator Desk")
    app.setWindowIcon(desk_icon())
    install_translator(app)
    library = Library.load(Path(library_path) if library_path else default_library_path())
    window, feed = build_supervisor(url, password, library)
    window.resize(1366, 768)
    window.show()
    feed.start()
    code = app.exec()
    feed.stop()
    return int(code)
