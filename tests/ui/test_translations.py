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


def _untranslated(ts: Path, *options: str) -> list[str]:
    """Messages of the code that ``ts`` lacks a translation for (every plural form, for
    a string with a count)."""
    sources = sorted(str(p) for p in (REPO / "operator_desk" / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *options, *sources,
                    str(REPO / "operator_desk" / "app.py"), "-ts", str(ts)],
                   check=True, capture_output=True)
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [
            translation.text or ""]
        if translation.get("type") == "unfinished" or not all(f.strip() for f in forms):
            missing.append(message.findtext("source"))
    return missing


def test_every_ui_string_has_a_russian_translation(tmp_path):
    ts = tmp_path / "check.ts"
    shutil.copy(TRANSLATIONS / "operator_desk_ru.ts", ts)
    assert _untranslated(ts) == [], "run `make translations` and translate these in the .ts file"


def test_every_string_with_a_count_has_its_english_plural_forms(tmp_path):
    ts = tmp_path / "check-en.ts"
    shutil.copy(TRANSLATIONS / "operator_desk_en.ts", ts)
    assert _untranslated(ts, "-pluralonly") == [], (
        "run `make translations` and give these their forms in operator_desk_en.ts")


def test_compiled_translations_are_current(tmp_path):
    for language in ("ru", "en"):
        qm = tmp_path / f"{language}.qm"
        subprocess.run([str(BIN / "pyside6-lrelease"),
                        str(TRANSLATIONS / f"operator_desk_{language}.ts"), "-qm", str(qm)],
                       check=True, capture_output=True)
        assert qm.read_bytes() == (TRANSLATIONS / f"operator_desk_{language}.qm").read_bytes(), (
            f"operator_desk_{language}.qm is stale: run `make translations`")


def test_the_window_speaks_russian(qtbot):
    from operator_desk.ui.main_window import DeskWindow

    app = QCoreApplication.instance()
    assert install_translator(app, "ru")
    try:
        window = DeskWindow()
        qtbot.addWidget(window)
        assert window.answer_action.text() == "Ответить"
        assert window.banner.name.text() == "Ожидание звонка"
        assert window.script.no_answer.text() == "Нет готового ответа (Ctrl+N)"
        from operator_desk.core.caller_history import PastCall, RepeatCaller

        last = PastCall("x", "t", 1_700_000_000 * 10**9, "answered")
        for count, said in ((1, "звонил 1 раз"), (3, "звонил 3 раза"), (5, "звонил 5 раз")):
            window.caller.show_history(RepeatCaller(count, 0, count, last))
            assert window.caller.history.text().startswith("Сегодня " + said)
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
