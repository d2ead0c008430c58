"""Spreadsheet import/export, gap reports and publishing, without a window."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from operator_desk.storage.db import Database
from operator_desk.storage.outbox import OutboxQueue
from operator_desk.studio import gaps, publish, tables_io
from operator_desk.studio.documents import StudioError
from tests.conftest import BUNDLED_LIBRARY


def test_an_xlsx_import_is_planned_by_key_before_it_changes_anything(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Город", "Адрес", "Часы работы", "Телефон", "Лишнее"])
    sheet.append(["Москва", "ул. Примерная, д. 1", "пн–пт 09:00–18:00", "+7 495 000-00-00", "x"])
    sheet.append(["Казань", "ул. Баумана, 5", "ежедневно 10:00–20:00", 88432501122, "y"])
    book.save(tmp_path / "offices.xlsx")
    read = tables_io.read_sheet(tmp_path / "offices.xlsx")
    assert read.header == ("Город", "Адрес", "Часы работы", "Телефон", "Лишнее")
    assert read.rows[1][3] == "88432501122"
    header = ["Город", "Адрес", "Часы работы", "Телефон"]
    old = [["Москва", "ул. Примерная, д. 1", "пн–пт 09:00–18:00", "+7 495 000-00-00"],
           ["Самара", "ул. Ленина, 2", "пн–пт 09:00–18:00", "+7 846 000-00-00"]]
    mapping = tables_io.suggest_mapping(read.header, header)
    assert mapping == ["Город", "Адрес", "Часы работы", "Телефон", "Лишнее"]
    mapping[4] = tables_io.SKIP
    plan = tables_io.plan_import(read, mapping, header, old, "Город")
    assert (plan.added, plan.removed, plan.changed, plan.unchanged) == (["Казань"], ["Самара"], [], 1)
    assert plan.keep == {0: 0}
    with pytest.raises(StudioError, match="same column"):
        tables_io.plan_import(read, ["Город", "Город", "Часы работы", "Телефон", ""], header, old)


def test_export_writes_a_workbook_that_reads_back(tmp_path):
    tables_io.export_xlsx(tmp_path / "t.xlsx", "Тарифы", ["A", "B"], [["1", "два"]])
    back = tables_io.read_sheet(tmp_path / "t.xlsx")
    assert back.header == ("A", "B") and back.rows == (("1", "два"),)


def test_gap_reports_from_this_pc_and_from_a_file_are_grouped(tmp_path):
    profiles = tmp_path / "profiles"
    for profile, words in (("anna", ["забыл зонт", "забыл зонт"]), ("oleg", ["возврат"])):
        db = Database.open(profiles / profile / "desk.sqlite3")
        queue = OutboxQueue(db.conn)
        for i, text in enumerate(words):
            queue.enqueue("script_gap", "taxi-bystro", {
                "call_id": f"{profile}-{i}", "question_id": "lost-item" if "зонт" in text else "",
                "search_text": text, "library_version": "1"})
        queue.enqueue("callback", "taxi-bystro", {"call_id": "x"})
        db.close()
    local = gaps.LocalGaps(profiles).reports()
    assert len(local) == 3 and {r.operator for r in local} == {"anna", "oleg"}
    exported = tmp_path / "gaps.jsonl"
    assert gaps.export_gaps(exported, local[:1]) == 1
    from_file = gaps.FileGaps(exported).reports()
    grouped = gaps.group_gaps([*local, *from_file])
    lost = grouped["taxi-bystro"][0]
    assert (lost.question_id, lost.count, lost.words["забыл зонт"]) == ("lost-item", 2, 2)
    (tmp_path / "bad.json").write_text('[{"question_id": "x"}]', encoding="utf-8")
    with pytest.raises(StudioError, match="no tenant_id"):
        gaps.FileGaps(tmp_path / "bad.json").reports()


def test_publish_preview_lists_what_changed_since_the_manifest(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, root)
    first = publish.preview(root)
    assert first.previous_version is None and "taxi-bystro/tenant.yaml" in first.added
    manifest = publish.publish(root)
    assert json.loads((root / "manifest.json").read_text())["files"] == manifest["files"]
    assert publish.preview(root).nothing_changed
    (root / "taxi-bystro" / "greetings" / "default.txt").write_text("Алло!\n", encoding="utf-8")
    after = publish.preview(root)
    assert after.changed == ["taxi-bystro/greetings/default.txt"] and after.same_version
    assert publish.next_version("2026.11.23-1") == "2026.11.23-2"
