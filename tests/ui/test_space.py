"""Room for the script on a 1366×768 screen: the greeting folds once read, tables fit their
columns with wrapping (or say they are wider than the pane), nothing of the last call is
left in the search box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from operator_desk.core.calls import CallState
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.ui.controller import DeskController
from operator_desk.ui.main_window import DeskWindow
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, ended, incoming, state
from tests.ui.screens import settle

ELECTRONICS, BANK = "88005557190", "+73432700070"


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


@pytest.fixture
def desk(qtbot, library):
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна")), window, bridge,
                                auto_ready_s=-1)
    controller.prepare_tenants()
    qtbot.waitUntil(lambda: not controller.preparing, timeout=5000)
    controller.go_ready()
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
    return window, bridge, controller


def answer(bridge, dialed=ELECTRONICS):
    call = incoming(dialed, name="Ольга Ким")
    bridge.emit_event(call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    return call


def test_the_greeting_folds_to_one_line_once_the_operator_moves_on(qtbot, desk):
    window, bridge, _ = desk
    call = incoming(ELECTRONICS, name="Ольга Ким")
    bridge.emit_event(call)
    settle()
    full = window.greeting.height()
    assert not window.greeting.collapsed and full > 100  # ringing: the whole greeting
    window.script.search.textEdited.emit("г")  # typed before the answer: it stays
    assert not window.greeting.collapsed
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    qtbot.keyClicks(window.script.search, "tv")  # the operator moves on to the script
    settle()
    assert window.greeting.collapsed and window.caller.compact
    line = window.fontMetrics().height()
    assert window.greeting.height() < 3 * line + 24 < full
    assert window.greeting.line.full_text().startswith("Greeting: ")
    assert "Ольга Ким" in window.greeting.line.toolTip() or \
        "Ольга Ким" in window.greeting.line.text()
    qtbot.keyClick(window.script.search, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert not window.greeting.collapsed  # unfolded by hand, it stays so
    qtbot.keyClicks(window.script.search, "x")
    assert not window.greeting.collapsed


def test_the_greeting_folds_by_itself_after_its_reading_time(qtbot, desk):
    window, bridge, _ = desk
    answer(bridge)
    assert not window.greeting.collapsed
    assert 4000 <= window._read.interval() <= 20000  # about the time it takes to read out
    window._read.timeout.emit()
    assert window.greeting.collapsed


def test_a_table_fits_its_columns_and_wraps_and_filters_on_a_column_not_shown(qtbot, desk):
    window, bridge, _ = desk
    answer(bridge)
    script = window.script
    script.open_question("choose-tv")
    settle()
    table, header = script.table, script.table.horizontalHeader()
    columns = script.proxy.columnCount()
    assert columns == 9  # Модель … Особенности: none hidden
    assert sum(header.sectionSize(c) for c in range(columns)) <= table.viewport().width()
    assert not script.table_box.too_wide.isVisible()
    # «Категория» filters the models without being shown: only the TVs are listed.
    assert script.city_filter.text() == "Телевизор"
    rows = script.proxy.rowCount()
    assert 0 < rows < len(script.table_box.model.table.rows)
    assert all("Горизонт" in script.proxy.index(r, 0).data() for r in range(rows))


def test_wrapped_cells_are_as_tall_as_their_text(qtbot, desk):
    window, bridge, _ = desk
    answer(bridge, BANK)
    script = window.script
    script.open_question("credits")
    settle()
    table = script.table
    line = table.fontMetrics().height()
    assert max(table.rowHeight(r) for r in range(script.proxy.rowCount())) > 2 * line  # wrapped
    for r in range(script.proxy.rowCount()):  # and every row as tall as its cells need
        assert table.sizeHintForRow(r) <= table.rowHeight(r)
    rate = next(script.proxy.index(r, 4).data() for r in range(script.proxy.rowCount()))
    assert rate == "от 19,9 % годовых"


def test_a_table_wider_than_the_pane_says_so(qtbot, desk):
    window, bridge, _ = desk
    window.resize(1024, 700)
    answer(bridge, BANK)
    script = window.script
    script.open_question("credits")
    settle()
    note = script.table_box.too_wide
    assert note.isVisible()
    assert note.text().startswith("The table is wider than the pane:")
    hidden = [str(script.proxy.headerData(c, Qt.Orientation.Horizontal))
              for c in script.table_box.fit.overflow]
    assert hidden and all(name in note.text() for name in hidden)
    assert "compare them (Ctrl+M)" in note.text()
    assert all(not script.table.isColumnHidden(c) for c in range(script.proxy.columnCount()))
    window.resize(1366, 768)  # room again: the note goes
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=2000)


def test_the_search_box_is_empty_after_the_call(qtbot, desk):
    window, bridge, controller = desk
    call = answer(bridge)
    qtbot.keyClicks(window.script.search, "garantiya")
    bridge.emit_event(ended(call))
    window.wrap_up.code.setCurrentIndex(1)
    controller.go_ready()
    assert window.script.search.text() == ""
    assert window.script.left_stack.currentWidget() is window.script.tree
