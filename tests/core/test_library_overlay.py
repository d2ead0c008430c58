"""The loader reads unsaved edits laid over the disk, and one tenant can be read again."""

from __future__ import annotations

from operator_desk.core.cells import check_cell, guess_type
from operator_desk.core.files import OverlayFiles
from operator_desk.core.library import Library


def test_an_edit_laid_over_the_disk_is_what_the_validator_sees(builder):
    builder.tenant("alpha", "8-800-100-00-01")
    builder.tenant("beta", "8-800-100-00-02")
    file = builder.path("beta", "tenant.yaml")
    edited: dict = {}
    library = Library.load(builder.root, OverlayFiles(lambda: edited))
    assert library.validate() == []
    edited[file] = file.read_bytes().replace(b"8-800-100-00-02", b"8-800-100-00-01")
    entry = library.reload_tenant("beta")
    assert entry is not None and entry.tenant is not None
    problems = library.tenant_problems("beta")
    assert [(p.file, p.line) for p in problems] == [
        ("beta/tenant.yaml", builder.line_of("beta", "tenant.yaml", "8-800-100-00-02"))]
    assert "also claimed by alpha" in problems[0].message
    assert library.number_index.get("+78001000002") is None
    assert b"8-800-100-00-02" in file.read_bytes()  # the disk is untouched
    edited.clear()
    library.reload_tenant("beta")
    assert library.tenant_problems("beta") == [] and library.validate() == []


def test_a_file_removed_in_the_editor_is_missing_for_the_loader(builder):
    builder.tenant("alpha")
    greeting = builder.path("alpha", "greetings/after_hours.txt")
    library = Library.load(builder.root, OverlayFiles(lambda: {greeting: None}))
    assert [p.message for p in library.tenant_problems("alpha")] == [
        "greeting file `greetings/after_hours.txt` not found in the tenant folder"]


def test_cell_types():
    assert check_cell("phone", "+7 495 000-00-00") == ""
    assert "not a phone number" in check_cell("phone", "звоните")
    assert check_cell("money", "1 990 ₽") == "" and check_cell("money", "от 500 ₽") == ""
    assert check_cell("money", "дорого")
    assert check_cell("hours", "пн–пт 09:00–18:00; сб 10:00–16:00") == ""
    assert "not a time of day" in check_cell("hours", "09:00–25:00")
    assert check_cell("url", "https://bystro.example/tariffs") == ""
    assert check_cell("number", "12,5") == "" and check_cell("number", "—") == ""
    assert guess_type("Телефон", ["+7 495 000-00-00", "8 800 555-35-35"]) == "phone"
    assert guess_type("Цена", ["1 990 ₽", "2 490 ₽"]) == "money"
    assert guess_type("Модель", ["A1", "B2"]) == "text"
