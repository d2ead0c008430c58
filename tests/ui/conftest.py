"""Widget tests see the English UI as an operator would: with its plural forms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from operator_desk.ui.i18n import install_english_plurals

_plurals: list[QTranslator] = []


@pytest.fixture(autouse=True)
def _english_plurals(qapp):
    """"Called 3 times today", not "Called 3 time(s) today" (the Russian test removes
    every translator when it is done; then it is put back)."""
    app = QCoreApplication.instance()
    if not _plurals or _plurals[0] not in app.findChildren(QTranslator):
        _plurals.clear()
        translator = install_english_plurals(app)
        if translator is not None:
            _plurals.append(translator)
