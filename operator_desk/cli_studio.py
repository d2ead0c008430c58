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
    p.add_argument("--self-test", action="store_true",
                   help="open every tenant of (a copy of) the library offscreen, check that it "
                        "validates and saves back byte for byte, exit 0 if all works")


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
    if args.self_test:
        return _self_test(root)
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


def _self_test(root: Path) -> int:
    """The studio window over a copy of ``root``: every tenant opened, checked and saved
    unchanged, a table through .xlsx and back (for installers and CI)."""
    import os
    import shutil
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401
    from operator_desk.studio.checks import StudioLibrary
    from operator_desk.studio.gaps import LocalGaps
    from operator_desk.studio.tables_io import export_xlsx, read_sheet
    from operator_desk.ui.studio.session import StudioSession
    from operator_desk.ui.studio.window import StudioWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="studio-self-test-") as tmp:
        copy = Path(tmp) / "library"
        shutil.copytree(root, copy)
        session = StudioSession(StudioLibrary(copy))
        window = StudioWindow(session, LocalGaps(Path(tmp) / "profiles"))
        window.show()
        window.start()
        failures = []
        for tenant_id in session.library.tenant_ids():
            window.open_tenant(tenant_id)
            app.processEvents()
            ws = session.workspace
            for rel in ws.referenced_files().values():
                doc = ws.document(rel)
                if doc.encode() != (ws.folder / rel).read_bytes():
                    failures.append(f"{tenant_id}/{rel}: not read back byte for byte")
            check = session.check_now()
            if check is None or check.problems:
                failures.append(f"{tenant_id}: {check.problems[0] if check else 'not checked'}")
            for rel in ws.referenced_files().values():
                if rel.endswith(".csv"):
                    table = ws.table(rel)
                    export_xlsx(Path(tmp) / "t.xlsx", rel, table.header, [r.cells for r in table.rows])
                    if list(read_sheet(Path(tmp) / "t.xlsx").header) != table.header:
                        failures.append(f"{tenant_id}/{rel}: .xlsx round trip changed the header")
        if ws.save():
            failures.append("saving without edits wrote files")
        window.close()
    for failure in failures:
        print(f"studio self-test: {failure}", file=sys.stderr)
    print(f"studio self-test: {len(session.library.tenant_ids())} tenant(s), "
          f"{'FAILED' if failures else 'ok'}", file=sys.stderr)
    return 1 if failures else 0
