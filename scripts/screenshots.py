"""Render the desk's screens into docs/screenshots/ (offscreen, Russian UI).

    .venv/bin/python scripts/screenshots.py

The states are tests/ui/screens.py's (the screenshot test checks the same ones for text
cut off); calls are simulated with the widget tests' fake bridge, so no SIP peer is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import tempfile  # noqa: E402

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from operator_desk.core.library import Library, default_library_path  # noqa: E402
from tests.ui.screens import SIZES, STATES, Screen, settle, use_language  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


EVERY_SIZE = ("ringing", "search", "answer-table", "bank-rates", "stores-by-city", "wrap-up",
              "consult")
ONCE = ("transfer-dialog", "callback-form", "compare", "unknown-number")


def main() -> None:
    QApplication.instance() or QApplication(sys.argv)
    use_language("ru")
    library = Library.load(default_library_path())
    for width, height in SIZES:
        names = EVERY_SIZE + (ONCE if width == 1366 else ())
        for name in names:
            with tempfile.TemporaryDirectory() as tmp:
                screen = Screen(library, (width, height), Path(tmp) / "desk.sqlite3")
                shown = STATES[name](screen)
                shoot(shown, f"{name}-{width}x{height}" if name in EVERY_SIZE else name)
                screen.close()


def shoot_records(app: QApplication, library: Library) -> None:
    """History and statistics of a made-up shift, from a real (temporary) database."""
    import random
    import tempfile
    import time

    from operator_desk.core.calls import EndReason
    from operator_desk.storage.db import Database
    from operator_desk.storage.records import CallRecords, Direction
    from operator_desk.storage.stats import shift_summary
    from operator_desk.ui.dashboard import DashboardDialog
    from operator_desk.ui.history import HistoryDialog

    rng = random.Random(7)
    names = {t.id: t.name for t in library}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "desk.sqlite3")
        records = CallRecords(db.conn)
        now = time.time_ns()
        s = 10**9
        for i in range(46):
            tenant = rng.choice(list(names))
            start = now - (6 * 3600 - i * 460) * s
            cid = f"call-{i}"
            records.start(cid, Direction.INCOMING, start, tenant_id=tenant,
                          caller_number=f"+7916{rng.randrange(10**7):07d}")
            if rng.random() < 0.85:
                records.mark_answered(cid, start + rng.randrange(2, 9) * s)
                end = start + rng.randrange(60, 300) * s
                records.end(cid, EndReason.REMOTE_HANGUP, end)
                code = rng.choice(library.tenant(tenant).wrapup_codes).code
                records.wrap_up(cid, code, rng.choice(["", "Клиент доволен", "Перезвонит"]),
                                at_ns=end + rng.randrange(5, 40) * s)
            else:
                records.end(cid, EndReason.CANCELLED, start + rng.randrange(3, 40) * s)
        labels = {(t.id, w.code): w.label for t in library for w in t.wrapup_codes}
        history = HistoryDialog(records.history, now - 12 * 3600 * s, names, None, labels)
        history.show()
        shoot(history, "history")
        dashboard = DashboardDialog(lambda: shift_summary(db.conn, now - 12 * 3600 * s, now),
                                    names, None, labels)
        dashboard.show()
        shoot(dashboard, "statistics")
        first_hour = DashboardDialog(lambda: shift_summary(db.conn, now - 3600 * s, now),
                                     names, None, labels)
        first_hour.show()
        shoot(first_hour, "statistics-first-hour")
        db.close()


if __name__ == "__main__":
    main()
    shoot_records(QApplication.instance(), Library.load(default_library_path()))
