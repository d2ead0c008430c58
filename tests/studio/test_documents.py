"""The studio's documents: files come back byte for byte, edits change only their lines,
and every kind of edit is undone exactly."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from operator_desk.studio import operations as ops
from operator_desk.studio.checks import StudioLibrary, keywords_value
from operator_desk.studio.workspace import TenantWorkspace
from operator_desk.studio.yamldoc import MISSING
from tests.conftest import BUNDLED_LIBRARY

BUNDLED_TENANTS = sorted(p.name for p in BUNDLED_LIBRARY.iterdir() if (p / "tenant.yaml").is_file())


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, root)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode().splitlines(),
                                                  after.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("tenant_id", BUNDLED_TENANTS)
def test_every_file_of_a_bundled_tenant_encodes_to_its_own_bytes(library, tenant_id):
    ws = TenantWorkspace.open(library, tenant_id)
    for rel in ws.referenced_files().values():
        ws.document(rel)
    docs = list(ws.documents())
    assert len(docs) >= 4
    for doc in docs:
        assert doc.encode() == (library / tenant_id / doc.rel).read_bytes(), doc.rel
        assert doc.round_trips if hasattr(doc, "round_trips") else True
    before = snapshot(library / tenant_id)
    assert ws.save() == []
    assert snapshot(library / tenant_id) == before


def test_a_changed_answer_is_a_few_changed_lines(library):
    ws = TenantWorkspace.open(library, "taxi-bystro")
    before = (library / "taxi-bystro" / "questions.yaml").read_bytes()
    ws.apply(ops.SetQuestionField("pets", "answer", "Да, с животными можно.\nДоплата 150 ₽.\n"))
    assert ws.save() == ["questions.yaml"]
    lines = changed_lines(before, (library / "taxi-bystro" / "questions.yaml").read_bytes())
    assert [line for line in lines if line.startswith("+")] == [
        "+      Да, с животными можно.", "+      Доплата 150 ₽."]
    assert len(lines) == 4


def test_an_edited_cell_changes_one_line_of_the_table(library):
    ws = TenantWorkspace.open(library, "severny-kredit")
    doc = ws.table("tables/branches.csv")
    before = doc.encode()
    ws.apply(ops.SetCell(doc.rel, doc.rows[3].uid, 2, "ул. Новая, 5"))
    lines = changed_lines(before, doc.encode())
    assert len(lines) == 2 and '"ул. Новая, 5"' in lines[1]


def _kinds_of_edit(ws: TenantWorkspace) -> list[ops.Operation]:
    table = ws.referenced_files()["table:tariffs"]
    doc = ws.table(table)
    return [
        ops.SetQuestionField("pets", "question", "Можно с питомцем?"),
        ops.SetQuestionField("pets", "keywords", keywords_value("собака, кошка")),
        ops.SetQuestionField("pets", "no_ready_answer", True),
        ops.SetQuestionField("tariffs", "table", MISSING),
        ops.AddQuestion("pets", 0, {"id": "pets-birds", "question": "Можно с попугаем?"}),
        ops.AddQuestion(None, 2, {"id": "new-top", "question": "Новый", "answer": "a\nb\n"}),
        ops.DeleteQuestion("payment-receipt"),
        ops.DeleteQuestion("child-seat-infant"),
        ops.MoveQuestion("cities", None, 0),
        ops.MoveQuestion("pets-guide-dog", "child-seat", 0),
        ops.MoveQuestion("tariffs", None, 1),
        ops.SetValue("tenant.yaml", ("name",), "Такси «Быстрее»"),
        ops.SetValue("tenant.yaml", ("business_hours",), MISSING),
        ops.InsertItem("tenant.yaml", ("numbers",), 1, "8-800-555-00-11"),
        ops.RemoveItem("tenant.yaml", ("numbers",), 0),
        ops.SetText("greetings/default.txt", "Здравствуйте!\n"),
        ops.SetCell(table, doc.rows[0].uid, 1, "Другой класс"),
        ops.InsertRows(table, 1, [["a"] * len(doc.header)]),
        ops.RemoveRows(table, 2, 3),
        ops.ReplaceTable(table, ["A", "B"], [["1", "2"]]),
        ops.InsertColumn(table, 1, "Новая"),
        ops.RemoveColumn(table, 0),
        ops.RenameColumn(table, 0, "Имя"),
        ops.new_text_file("greetings/night.txt", "Доброй ночи!\n"),
        ops.RemoveFile("greetings/sales.txt"),
        ops.Composite("two at once", [
            ops.SetValue("tenant.yaml", ("timezone",), "Europe/Samara"),
            ops.SetQuestionField("order-taxi", "answer", "Адрес?")]),
    ]


def test_every_kind_of_edit_is_undone_and_redone_exactly(library):
    ws = TenantWorkspace.open(library, "taxi-bystro")
    for rel in ws.referenced_files().values():
        ws.document(rel)
    original = {d.rel: d.encode() for d in ws.documents()}
    done = []
    states = []
    for op in _kinds_of_edit(ws):
        before = {d.rel: d.encode() for d in ws.documents()}
        ws.apply(op)
        after = {d.rel: d.encode() for d in ws.documents()}
        assert after != before, f"{type(op).__name__} changed nothing"
        done.append(op)
        states.append(after)
    for op, state in zip(reversed(done), reversed(states), strict=True):
        assert {d.rel: d.encode() for d in ws.documents()} == state
        ws.revert(op)
    assert {d.rel: d.encode() for d in ws.documents()} == original
    assert not ws.dirty
    for op, state in zip(done, states, strict=True):
        ws.apply(op)
        assert {d.rel: d.encode() for d in ws.documents()} == state, type(op).__name__


def test_typing_merges_into_one_undo_step(library):
    ws = TenantWorkspace.open(library, "taxi-bystro")
    first = ops.SetQuestionField("pets", "question", "М", merge=True)
    ws.apply(first)
    for text in ("Мо", "Мож", "Можно?"):
        later = ops.SetQuestionField("pets", "question", text, merge=True)
        ws.apply(later)
        assert first.merge(later)
    ws.revert(first)
    assert not ws.dirty


def test_an_invalid_edit_is_reported_with_the_file_and_line_before_saving(library):
    studio = StudioLibrary(library)
    ws = studio.workspace("taxi-bystro")
    assert studio.check("taxi-bystro").ok
    ws.apply(ops.SetValue("questions.yaml", ("questions", 2, "table", "name"), "tarifs"))
    check = studio.check("taxi-bystro")
    assert [(p.file, p.line) for p in check.problems] == [
        ("taxi-bystro/questions.yaml", ws.questions.encode().decode().splitlines().index(
            "    table:") + 2)]
    assert "did you mean `tariffs`?" in check.problems[0].message
    assert check.prepared is None
    assert (library / "taxi-bystro" / "questions.yaml").read_bytes() == \
        (BUNDLED_LIBRARY / "taxi-bystro" / "questions.yaml").read_bytes()


def test_cells_that_do_not_fit_their_column_type_are_warnings(library):
    studio = StudioLibrary(library)
    ws = studio.workspace("severny-kredit")
    ws.apply(ops.SetValue("tenant.yaml", ("tables", "branches", "types"),
                          {"Часы работы": "hours", "Приём наличных": "text"}))
    doc = ws.table("tables/branches.csv")
    ws.apply(ops.SetCell(doc.rel, doc.rows[4].uid, 3, "по будням"))
    check = studio.check("severny-kredit")
    assert check.ok
    assert [(w.file, w.line) for w in check.warnings] == [
        ("severny-kredit/tables/branches.csv", 6)]
    assert "names no hours" in check.warnings[0].message
