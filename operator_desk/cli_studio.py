"""``operator-desk studio [--library PATH] [--tenant ID]``: the script studio's window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_studio_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("studio", help="the script studio: write and fix tenants' scripts "
                                      "with a live preview of the operator's screen")
    p.add_argument("--library", type=Path, default=None, metavar="PATH",
                   help="the scripts library folder (default: the bundled one)")
    p.add_argument("--tenant", default="", metavar="ID", help="open this tenant first")


def run_studio(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401  (before anything else that needs Qt)
    from operator_desk.core.library import default_library_path
    from operator_desk.core.library_cache import LibraryCache, default_cache_dir
    from operator_desk.storage.db import data_dir
    from operator_desk.studio.checks import StudioLibrary
    from operator_desk.studio.gaps import LocalGaps
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.studio.session import StudioSession
    from operator_desk.ui.studio.window import StudioWindow
    from operator_desk.ui.tray import desk_icon

    root = (args.library or default_library_path()).resolve()
    if not root.is_dir():
        print(f"operator-desk: {root} is not a scripts library folder", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Operator Desk")
    app.setWindowIcon(desk_icon())
    install_translator(app)  # type: ignore[arg-type]
    session = StudioSession(StudioLibrary(root, LibraryCache(default_cache_dir())))
    window = StudioWindow(session, LocalGaps(data_dir() / "profiles"))
    window.resize(1366, 768)
    window.show()
    window.start(args.tenant)
    return app.exec()
