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


if __name__ == "__main__":
    main()
