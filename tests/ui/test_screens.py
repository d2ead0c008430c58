"""Every screen an operator works in, at 1366×768 (and 1920×1080), in Russian and English,
with the bundled library's longest names and tables: nothing cut off, nothing laid over
something else (offscreen, the real window and dialogs)."""

from __future__ import annotations

import pytest

from operator_desk.core.library import Library
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.clipping import cut_off
from tests.ui.screens import STATES, Screen, use_language


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


@pytest.fixture(params=["ru", "en"])
def language(request, qapp):
    use_language(request.param)
    yield request.param
    use_language("en")


@pytest.mark.parametrize("name", sorted(STATES))
def test_nothing_is_cut_off_at_1366x768(qtbot, library, tmp_path, language, name):
    screen = Screen(library, (1366, 768), tmp_path / "desk.sqlite3")
    try:
        shown = STATES[name](screen)
        assert cut_off(shown) == [], f"{name} ({language})"
        if shown is not screen.window:
            assert cut_off(screen.window) == [], f"the window behind {name} ({language})"
    finally:
        screen.close()


@pytest.mark.parametrize("name", ["answer-table", "bank-rates", "wrap-up"])
def test_nothing_is_cut_off_at_1920x1080(qtbot, library, tmp_path, name):
    use_language("ru")
    screen = Screen(library, (1920, 1080), tmp_path / "desk.sqlite3")
    try:
        assert cut_off(STATES[name](screen)) == [], name
    finally:
        screen.close()
        use_language("en")


def test_the_check_sees_what_is_cut_off(qtbot):
    """The screens above pass because nothing is cut, not because nothing is looked at."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

    top = QWidget()
    qtbot.addWidget(top)
    top.resize(600, 300)
    label = QLabel("Специалисты сервиса сейчас не работают", top)
    label.setGeometry(0, 0, 80, 20)
    button = QPushButton("Сравнить выбранные (Ctrl+M)", top)
    button.setGeometry(0, 30, 60, 30)
    table = QTableView(top)
    table.setGeometry(100, 0, 400, 200)
    model = QStandardItemModel(1, 2, table)
    model.setHorizontalHeaderLabels(["Досрочное погашение", "ПСК"])
    table.setModel(model)
    table.horizontalHeader().resizeSection(0, 40)
    top.show()
    qtbot.waitUntil(top.isVisible)
    problems = "\n".join(cut_off(top))
    assert "Специалисты сервиса" in problems and "cut at" in problems
    assert "'Сравнить выбранные (Ctrl+M)' needs" in problems
    assert "column 'Досрочное погашение' is 40 px" in problems
    assert "QLabel(…) and QPushButton(…) overlap" not in problems
    button.setGeometry(0, 0, 60, 30)  # now on top of the label
    assert "overlap" in "\n".join(cut_off(top))
