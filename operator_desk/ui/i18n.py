"""The UI's language: Russian on a Russian system (or OPERATOR_DESK_LANG=ru), else English.

Source strings are English (``self.tr("…")``); ``resources/translations/operator_desk_ru.ts``
holds the Russian ones (edit with Qt Linguist, then run ``make translations``).
Strings with a count (``self.tr("Called %n time(s) today", "", n)``) take their plural
forms from the translation, English ones too: ``operator_desk_en.ts`` holds only those.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from operator_desk.resources import resource_path

TRANSLATIONS = resource_path("resources/translations")


def ui_language() -> str:
    return (os.environ.get("OPERATOR_DESK_LANG") or QLocale.system().name())[:2].lower()


def install_translator(app: QCoreApplication, language: str | None = None) -> bool:
    """Load the desk's and Qt's own translations for ``language``; False if none apply."""
    language = language or ui_language()
    if language == "en":
        install_english_plurals(app)
        return False
    ours = QTranslator(app)
    if not ours.load(str(TRANSLATIONS / f"operator_desk_{language}.qm")):
        return False
    app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    return True


def install_english_plurals(app: QCoreApplication) -> QTranslator | None:
    """The English plural forms ("1 time", "3 times") of the strings with a count."""
    plurals = QTranslator(app)
    if not plurals.load(str(TRANSLATIONS / "operator_desk_en.qm")):
        return None
    app.installTranslator(plurals)
    return plurals
