"""Render the desk's screens into docs/screenshots/ (offscreen, Russian UI).

    .venv/bin/python scripts/screenshots.py

Calls are simulated with the widget tests' fake bridge, so no SIP peer is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from operator_desk.core.calls import CallState  # noqa: E402
from operator_desk.core.desk import Desk, OperatorProfile  # noqa: E402
from operator_desk.core.library import Library, default_library_path  # noqa: E402
from operator_desk.ui.controller import DeskController  # noqa: E402
from operator_desk.ui.i18n import install_translator  # noqa: E402
from operator_desk.ui.main_window import DeskWindow  # noqa: E402
from tests.ui.fakes import FakeBridge, incoming, state  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def settle(app: QApplication) -> None:
    for _ in range(10):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    widget.grab().save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def main() -> None:
    app = QApplication(sys.argv)
    install_translator(app, "ru")
    library = Library.load(default_library_path())
    for width, height in ((1366, 768), (1920, 1080)):
        window = DeskWindow()
        bridge = FakeBridge()
        controller = DeskController(Desk(library, OperatorProfile("Анна", "sales")), window,
                                    bridge, auto_ready_s=-1)
        controller.prepare_tenants()
        controller.go_ready()
        window.resize(width, height)
        window.show()
        suffix = f"{width}x{height}"
        call = incoming("88005557190", name="Ольга Ким",
                        headers={"X-IVR-Data": "menu=2;order_no=448812"})
        bridge.emit_event(call)
        shoot(app, window, f"ringing-{suffix}")
        bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
        window.script.search.setText("какой телевизор выбрать")
        settle(app)
        shoot(app, window, f"search-{suffix}")
        window.script.open_question("choose-tv")
        window.script.table.selectRow(0)
        model = window.script.table.selectionModel()
        model.select(window.script.proxy.index(1, 0),
                     model.SelectionFlag.Select | model.SelectionFlag.Rows)
        shoot(app, window, f"answer-table-{suffix}")
        window.script.open_question("where-to-buy")
        window.script.city_filter.setText("Самара")
        shoot(app, window, f"stores-by-city-{suffix}")
        if width == 1366:
            from operator_desk.ui.script_panel import CompareDialog

            window.script.open_question("choose-tv")
            window.script.table.selectAll()
            dialog = CompareDialog(window.script.selected_rows()[:3], window)
            dialog.show()
            shoot(app, dialog, "compare")
            dialog.close()
            window.script.open_question("repair")
            window.transfer_action.trigger()
            shoot(app, controller.transfer_dialog, "transfer-dialog")
            controller.transfer_dialog.close()
            window.callback_action.trigger()
            shoot(app, controller.callback_form, "callback-form")
            controller.callback_form.close()
        bridge.emit_event(state(call, CallState.ACTIVE, CallState.ENDED))
        from tests.ui.fakes import ended

        bridge.emit_event(ended(call))
        window.wrap_up.code.setCurrentIndex(2)
        window.wrap_up.note.setPlainText("Подобрали телевизор, клиент перезвонит после зарплаты")
        shoot(app, window, f"wrap-up-{suffix}")
        window.close()
        unknown = DeskWindow()
        if width == 1366:
            c2 = DeskController(Desk(library, OperatorProfile("Анна")), unknown, FakeBridge())
            c2.go_ready()
            unknown.resize(width, height)
            unknown.show()
            c2.bridge.emit_event(incoming("84950000000", name="Неизвестный"))
            shoot(app, unknown, "unknown-number")
            unknown.close()


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
        shoot(app, history, "history")
        dashboard = DashboardDialog(lambda: shift_summary(db.conn, now - 12 * 3600 * s, now),
                                    names, None, labels)
        dashboard.show()
        shoot(app, dashboard, "statistics")
        db.close()


if __name__ == "__main__":
    main()
    shoot_records(QApplication.instance(), Library.load(default_library_path()))
