"""Render every view of the script studio into docs/screenshots/studio-*.png (Russian UI).

    .venv/bin/python scripts/studio_screenshots.py            # offscreen
    Xvfb :57 -screen 0 1366x768x24 & DISPLAY=:57 QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/studio_screenshots.py --size 1366x768

Works on a copy of the bundled library, with a few operators' gap reports made up in a
temporary profile, so nothing of yours is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

import operator_desk.ui  # noqa: E402, F401
from operator_desk.storage.db import Database  # noqa: E402
from operator_desk.storage.outbox import OutboxQueue  # noqa: E402
from operator_desk.studio import operations as ops  # noqa: E402
from operator_desk.studio.checks import StudioLibrary  # noqa: E402
from operator_desk.studio.gaps import LocalGaps  # noqa: E402
from operator_desk.ui.i18n import install_translator  # noqa: E402
from operator_desk.ui.studio.session import StudioSession  # noqa: E402
from operator_desk.ui.studio.window import StudioWindow  # noqa: E402

OUT = REPO / "docs" / "screenshots"
GAPS = (("anna", "lost-item", "забыл зонт в машине"), ("anna", "lost-item", "забыл зонт в машине"),
        ("oleg", "lost-item", "оставил телефон"), ("oleg", "", "можно ли курить в машине"),
        ("irina", "", "можно ли курить в машине"), ("irina", "payment", "оплата бонусами"))


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, name: str) -> None:
    settle(app)
    widget.grab().save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def make_gaps(profiles: Path) -> None:
    for i, (profile, question, words) in enumerate(GAPS):
        db = Database.open(profiles / profile / "desk.sqlite3")
        OutboxQueue(db.conn).enqueue("script_gap", "taxi-bystro", {
            "call_id": f"call-{i}", "question_id": question, "search_text": words,
            "library_version": "2026.11.23-1"})
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    suffix = f"{width}x{height}"
    app = QApplication.instance() or QApplication(sys.argv)
    install_translator(app, "ru")
    tmp = Path(tempfile.mkdtemp(prefix="studio-shots-"))
    root = tmp / "library"
    shutil.copytree(REPO / "scripts_library", root)
    make_gaps(tmp / "profiles")
    session = StudioSession(StudioLibrary(root))
    window = StudioWindow(session, LocalGaps(tmp / "profiles"))
    window.resize(width, height)
    window.show()
    window.start("taxi-bystro")
    settle(app)
    window.questions.select("tariffs")
    window.preview.context_bar.crm.setText("city=Казань")
    session.check_now()
    shoot(app, window, f"studio-questions-{suffix}")

    window.show_page(1)
    window.tables.show_table("tariffs")
    model = window.tables.model
    assert model is not None
    session.push(ops.SetValue("tenant.yaml", ("tables", "tariffs", "types"),
                              {"Посадка": "money", "За км": "money"},
                              order=("file", "title", "key", "types")))
    session.push(ops.SetCell(model.doc.rel, model.doc.rows[2].uid, 3, "сто рублей"))
    window.tables.grid.setCurrentIndex(window.tables.model.index(2, 3))
    session.check_now()
    shoot(app, window, f"studio-tables-{suffix}")

    window.show_page(2)
    window.greetings.select_variant("after_hours")
    window.preview.context_bar.at.setTime(window.preview.context_bar.at.time().fromString("23:30", "HH:mm"))
    shoot(app, window, f"studio-greetings-{suffix}")

    window.show_page(3)
    shoot(app, window, f"studio-company-{suffix}")

    window.show_page(4)
    window.gaps.reload()
    shoot(app, window, f"studio-gaps-{suffix}")

    window.show_page(0)
    window.questions.select("pets")
    answer = window.questions.answer
    answer.setFocus()
    answer.moveCursor(answer.textCursor().MoveOperation.End)
    answer.insertPlainText(" {{ caler.name }}")
    session.check_now()
    shoot(app, window, f"studio-problems-{suffix}")
    session.stack.undo()
    session.check_now()

    if suffix == "1366x768":
        from operator_desk.studio.tables_io import export_xlsx
        from operator_desk.ui.studio.import_dialog import ImportDialog

        doc = model.doc
        rows = [list(r.cells) for r in doc.rows]
        rows[0][3] = "109 ₽"
        rows.append(["Казань — Бизнес", *rows[-1][1:]])
        export_xlsx(tmp / "tariffs.xlsx", "Тарифы", doc.header, rows)
        dialog = ImportDialog(tmp / "tariffs.xlsx", doc, "Тариф", window)
        dialog.show()
        shoot(app, dialog, "studio-import")
        dialog.close()
        from operator_desk.ui.studio.publish_dialog import PublishDialog

        publish = PublishDialog(root, window)
        publish.show()
        shoot(app, publish, "studio-publish")
        publish.close()
        window.preview.screen_size.setCurrentIndex(0)
    else:
        window.preview.screen_size.setCurrentIndex(1)
    window.preview.open_screen()
    screen = window.preview.screen
    assert screen is not None
    screen.resize(QSize(width, height))
    screen.view.script.search.setText("забыл телефон")
    shoot(app, screen, f"studio-operator-screen-{suffix}")
    session.library.workspaces.clear()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
