"""The script studio driven as a script author drives it: keys and clicks."""

from __future__ import annotations

import csv
import difflib
import json

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from operator_desk.core.library import Library
from operator_desk.core.routing import Router
from operator_desk.services.library_publish import build_manifest
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.studio.conftest import (
    activate,
    click,
    edit_cell,
    press,
    tree_click,
    type_into_dialog,
    type_text,
    when_modal,
)

BUNDLED_TENANTS = sorted(p.name for p in BUNDLED_LIBRARY.iterdir() if (p / "tenant.yaml").is_file())


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def settle(qtbot, window):
    """Wait until the edits were checked (the check follows a pause in typing)."""
    qtbot.waitUntil(lambda: not window.session.check_pending, timeout=3000)


def test_a_new_company_from_the_starter_routes_its_hotline_and_pops_with_a_table(
        qtbot, library_copy, open_studio):
    window = open_studio(library_copy, "taxi-bystro")
    when_modal(type_into_dialog("Пицца Рома"))
    click(window.tenants.new_button)
    qtbot.waitUntil(lambda: window.session.tenant_id == "pitstsa-roma", timeout=5000)
    activate(qtbot, window)
    assert window.pages.currentWidget() is window.company
    edit_cell(window.company.numbers.table, 0, 0, "8-800-777-12-34")
    settle(qtbot, window)
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    tree = window.questions.tree
    tree_click(tree, tree.topLevelItem(0))
    assert window.questions.current == "contacts"
    answer = window.questions.answer
    click(answer)
    QTest.keyClick(answer, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(answer, " Мы работаем с 10 до 22.")
    settle(qtbot, window)
    assert window.problems.count() == 0, window.problems.summary.text()

    number = window.preview.context_bar.number
    number.lineEdit().selectAll()
    type_text(number.lineEdit(), "88007771234")
    view = window.preview.view
    qtbot.waitUntil(lambda: view.banner.name.text() == "Пицца Рома", timeout=3000)
    assert "Новый заказчик" not in view.greeting.text.text()
    assert "Пицца Рома" in view.greeting.text.text()
    assert view.script.current_question is not None
    assert view.script.current_question.id == "contacts"
    assert "Мы работаем с 10 до 22." in view.script.answer.toPlainText()
    assert view.script.table_box.isVisibleTo(view.script)
    assert view.script.proxy.rowCount() == 1
    type_text(view.script.search, "офис")
    assert view.script.left_stack.currentWidget() is view.script.results
    assert "Где находится ваш офис?" in view.script.results.item(0).text()

    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    library = Library.load(library_copy)
    assert library.validate() == []
    assert Router(library).route_number("+7 800 777-12-34").tenant_id == "pitstsa-roma"
    assert library.tenant("pitstsa-roma").name == "Пицца Рома"
    assert "Мы работаем с 10 до 22." in library.script("pitstsa-roma").find("contacts").answer


def test_every_bundled_tenant_opens_and_saves_byte_identical(qtbot, library_copy, open_studio):
    before = snapshot(library_copy)
    window = open_studio(library_copy, BUNDLED_TENANTS[0])
    for tenant_id in BUNDLED_TENANTS:
        item = next(window.tenants.tree.topLevelItem(i)
                    for i in range(window.tenants.tree.topLevelItemCount())
                    if window.tenants.tree.topLevelItem(i).data(0, window.tenants.ID_ROLE)
                    == tenant_id)
        tree_click(window.tenants.tree, item)
        assert window.session.tenant_id == tenant_id
        for page in range(1, 6):  # every page shown once, every table and greeting opened
            press(qtbot, window, Qt.Key(Qt.Key.Key_0 + page), Qt.KeyboardModifier.ControlModifier)
        for i in range(window.tables.tables.count()):
            window.tables.show_table(window.tables.tables.itemData(i))
        for i in range(window.greetings.variants.count()):
            window.greetings.variants.setCurrentRow(i)
        assert window.problems.count() == 0
        press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(library_copy) == before

    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    title = window.questions.title
    click(title)
    QTest.keyClick(title, Qt.Key.Key_End)
    type_text(title, " (уточнить)")
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    after = snapshot(library_copy)
    changed = [f for f in after if after[f] != before[f]]
    assert changed == [f"{BUNDLED_TENANTS[-1]}/questions.yaml"]
    diff = [line for line in difflib.unified_diff(before[changed[0]].decode().splitlines(),
                                                  after[changed[0]].decode().splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(diff) == 2 and diff[1].endswith("(уточнить)")


def test_an_invalid_edit_shows_its_file_and_line_and_a_click_goes_there(
        qtbot, library_copy, open_studio):
    window = open_studio(library_copy, "taxi-bystro")
    window.questions.select("pets")
    answer = window.questions.answer
    click(answer)
    QTest.keyClick(answer, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(answer, " {{ caler.name }}")
    settle(qtbot, window)
    panel = window.problems.list
    assert panel.topLevelItemCount() == 1
    item = panel.topLevelItem(0)
    text = window.session.workspace.questions.encode().decode().splitlines()
    line = next(i for i, t in enumerate(text, 1) if "{{ caler.name }}" in t)
    assert item.text(0) == f"taxi-bystro/questions.yaml:{line}"
    assert "unknown variable `caler`" in item.text(1) and "did you mean `caller`" in item.text(1)
    assert window.preview.note.isVisibleTo(window.preview)
    window.questions.select("order-taxi")
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    rect = panel.visualItemRect(item)
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages.currentWidget() is window.questions
    assert window.questions.current == "pets"
    assert QApplication.focusWidget() is answer
    when_modal(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Escape))
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert b"caler" not in (library_copy / "taxi-bystro" / "questions.yaml").read_bytes()


def test_undo_and_redo_of_every_kind_of_edit_from_the_keyboard(qtbot, library_copy, open_studio):
    window = open_studio(library_copy, "taxi-bystro")
    ws = window.session.workspace
    for rel in ws.referenced_files().values():
        ws.document(rel)
    states = [{d.rel: d.encode() for d in ws.documents()}]

    def mark():
        states.append({d.rel: d.encode() for d in ws.documents()})
        assert states[-1] != states[-2]

    q = window.questions

    def tree_key(question_id, key, modifiers=Qt.KeyboardModifier.NoModifier):
        q.select(question_id)
        tree_click(q.tree, q.tree.currentItem())
        QTest.keyClick(q.tree, key, modifiers)

    q.select("pets")
    click(q.title)
    type_text(q.title, "!")
    mark()
    tree_key("pets", Qt.Key.Key_Insert)
    mark()
    type_text(q.title, " про багаж")
    mark()
    tree_key("pets", Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    mark()
    QTest.keyClick(q.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    mark()
    tree_key("payment-receipt", Qt.Key.Key_Delete)
    mark()
    click(q.no_answer)
    mark()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    grid = window.tables.grid
    edit_cell(grid, 0, 1, "Казань")
    mark()
    QTest.keyClick(grid, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    mark()
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    click(window.greetings.editor)
    type_text(window.greetings.editor, "Алло! ")
    mark()
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    edit_cell(window.company.numbers.table, 0, 0, "8-800-555-00-99")
    mark()
    for state in reversed(states[:-1]):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert {d.rel: d.encode() for d in ws.documents()} == state
    assert not ws.dirty
    for state in states[1:]:
        press(qtbot, window, Qt.Key.Key_Z,
              Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert {d.rel: d.encode() for d in ws.documents()} == state


def test_an_xlsx_goes_through_the_column_mapping_step(qtbot, library_copy, open_studio, tmp_path):
    file = library_copy / "taxi-bystro" / "tables" / "fixed_prices.csv"
    rows = list(csv.reader(file.read_text(encoding="utf-8").splitlines()))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*rows[0], "Комментарий менеджера"])
    for row in rows[1:]:
        sheet.append([*row, "проверить"])
    sheet.cell(row=3, column=4, value="1 790 ₽")  # Внуково, Эконом: a new price
    sheet.append(["Аэропорт Остафьево", "Москва", "В пределах Садового кольца", "2 490 ₽",
                  "2 990 ₽", "3 590 ₽", "5 900 ₽", "4 400 ₽", "30 мин после посадки", ""])
    book.save(tmp_path / "prices.xlsx")

    window = open_studio(library_copy, "taxi-bystro")
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.tables.show_table("fixed-prices")
    before = window.tables.model.doc.encode()
    dialog = window.tables.import_path(tmp_path / "prices.xlsx")
    qtbot.waitExposed(dialog)
    extra = dialog.mapping.cellWidget(len(rows[0]), 1)
    assert extra.currentText() == "new column «Комментарий менеджера»"
    summary = dialog.summary.toPlainText()
    assert "Rows added (1): Аэропорт Остафьево" in summary
    assert "New columns (1): Комментарий менеджера" in summary
    click(extra)  # the list opens; End and Enter choose its last entry
    qtbot.waitUntil(extra.view().isVisible)
    QTest.keyClick(extra.view(), Qt.Key.Key_End)
    QTest.keyClick(extra.view(), Qt.Key.Key_Return)
    assert extra.currentText() == "(do not import)"
    assert dialog.isVisible()
    summary = dialog.summary.toPlainText()
    assert "Rows changed (1): Аэропорт Внуково (Эконом)" in summary
    assert "New columns" not in summary and "8 row(s) stay as they are." in summary
    click(dialog.import_button)
    after = window.tables.model.doc.encode()
    diff = [line for line in difflib.unified_diff(before.decode().splitlines(),
                                                  after.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(diff) == 3 and diff[-1].startswith("+Аэропорт Остафьево")
    assert window.tables.model.rowCount() == len(rows)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.tables.model.doc.encode() == before
    window.tables.export_path(tmp_path / "out.xlsx")
    back = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in back[1]] == rows[0]


def test_publish_validates_and_writes_the_manifest_as_the_command_does(
        qtbot, library_copy, open_studio):
    window = open_studio(library_copy, "taxi-bystro")
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.publish_dialog
    qtbot.waitExposed(dialog)
    assert "never published" in dialog.version.text()
    click(dialog.publish_button)
    manifest = json.loads((library_copy / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == build_manifest(library_copy, "2026.11.23-1")
    dialog.close()

    window.questions.select("pets")
    click(window.questions.answer)
    type_text(window.questions.answer, "{% if %}")
    when_modal(lambda box: QTest.keyClick(box, Qt.Key.Key_Return))  # save with problems: yes
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.publish_dialog
    assert "taxi-bystro/questions.yaml" in dialog.changes.toPlainText()
    click(dialog.raise_version)
    assert "2026.11.23-2" in dialog.version.text()
    click(dialog.publish_button)
    assert "Not published: 1 problem(s)" in dialog.changes.toPlainText()
    assert "taxi-bystro/questions.yaml:" in dialog.changes.toPlainText()
    assert json.loads((library_copy / "manifest.json").read_text(encoding="utf-8")) == manifest


def test_gap_reports_are_grouped_and_answer_this_opens_the_question(
        qtbot, library_copy, open_studio, tmp_path):
    from operator_desk.storage.db import Database
    from operator_desk.storage.outbox import OutboxQueue

    for i, (question, words) in enumerate((("lost-item", "забыл зонт"),
                                           ("lost-item", "забыл зонт"),
                                           ("", "можно ли курить"))):
        db = Database.open(tmp_path / "profiles" / "anna" / "desk.sqlite3")
        OutboxQueue(db.conn).enqueue("script_gap", "taxi-bystro", {
            "call_id": f"c{i}", "question_id": question, "search_text": words})
        db.close()
    window = open_studio(library_copy, "severny-kredit", profiles=tmp_path / "profiles")
    press(qtbot, window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tree = window.gaps.tree
    company = tree.topLevelItem(0)
    assert company.text(0) == "Такси «Быстрое»" and company.text(1) == "3"
    lost = company.child(0)
    assert (lost.text(0), lost.text(1), lost.text(2)) == ("Забыл вещь в машине", "2",
                                                          "«забыл зонт» ×2")
    tree_click(tree, lost)
    click(window.gaps.answer_button)
    assert window.session.tenant_id == "taxi-bystro"
    assert window.pages.currentWidget() is window.questions
    assert window.questions.current == "lost-item"
    press(qtbot, window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tree_click(tree, company.child(1))
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.questions.title.text() == "можно ли курить"
    assert window.questions.current == "mozhno-li-kurit"
