"""Every visible string of the UI is translated to Russian, and Russian is what shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from operator_desk.ui.i18n import TRANSLATIONS, install_translator
from tests.conftest import REPO

BIN = Path(sys.executable).parent


def test_every_ui_string_has_a_russian_translation(tmp_path):
    ts = tmp_path / "check.ts"
    shutil.copy(TRANSLATIONS / "operator_desk_ru.ts", ts)
    sources = sorted(str(p) for p in (REPO / "operator_desk" / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, str(REPO / "operator_desk" / "app.py"),
                    "-ts", str(ts)], check=True, capture_output=True)
    unfinished = [m.findtext("source") for m in ET.parse(ts).getroot().iter("message")
                  if m.find("translation").get("type") in ("unfinished", None)
                  and not (m.findtext("translation") or "").strip()]
    assert unfinished == [], "run `make translations` and translate these in the .ts file"


def test_compiled_translations_are_current(tmp_path):
    qm = tmp_path / "ru.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TRANSLATIONS / "operator_desk_ru.ts"),
                    "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == (TRANSLATIONS / "operator_desk_ru.qm").read_bytes(), (
        "operator_desk_ru.qm is stale: run `make translations`")


def test_the_window_speaks_russian(qtbot):
    from operator_desk.ui.main_window import DeskWindow

    app = QCoreApplication.instance()
    assert install_translator(app, "ru")
    try:
        window = DeskWindow()
        qtbot.addWidget(window)
        assert window.answer_action.text() == "Ответить"
        assert window.banner.name.text() == "Ожидание звонка"
        assert window.script.no_answer.text() == "Нет готового ответа"
    finally:
        for translator in app.findChildren(__import__("PySide6.QtCore").QtCore.QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()


def test_strings_are_translated_in_their_own_class_context():
    """``other.tr("…")`` is looked up under the other class's name at run time but filed
    under this class by lupdate, so it would never be translated: only ``self.tr``."""
    import re

    offenders = []
    for path in sorted((REPO / "operator_desk").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"(\w+)\.tr\(", line):
                if match.group(1) != "self":
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
