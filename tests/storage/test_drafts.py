"""Drafts: saved on every keystroke, back after a crash, gone after submit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from operator_desk.storage.db import Database
from operator_desk.storage.drafts import Drafts, draft_key

REPO = Path(__file__).resolve().parents[2]


def test_save_replaces_and_delete_removes(db: Database) -> None:
    drafts = Drafts(db.conn)
    key = draft_key("wrapup", "call-1")
    drafts.save(key, {"code": "order", "note": "Зак"})
    drafts.save(key, {"code": "order", "note": "Заказ на завтра"})
    draft = drafts.load(key)
    assert draft is not None
    assert (draft.kind, dict(draft.data)) == ("wrapup", {"code": "order", "note": "Заказ на завтра"})
    assert [d.key for d in drafts.all()] == [key]
    drafts.delete(key)
    assert drafts.load(key) is None
    assert drafts.all() == []


def test_all_by_kind_oldest_first(db: Database) -> None:
    drafts = Drafts(db.conn)
    drafts.save(draft_key("callback", "c1"), {"name": "a"})
    drafts.save(draft_key("wrapup", "c1"), {"note": "b"})
    drafts.save(draft_key("callback", "c2"), {"name": "c"})
    assert [d.key for d in drafts.all("callback")] == ["callback:c1", "callback:c2"]
    assert len(drafts.all()) == 3


def test_saving_on_every_keystroke_is_cheap(db: Database) -> None:
    drafts = Drafts(db.conn)
    text = "Клиент просит перезвонить после обеда, номер заказа 12345, адрес доставки ул. Ленина 1. " * 3
    started = time.perf_counter()
    for i in range(1, len(text) + 1):
        drafts.save("callback:c1", {"name": "Иван", "note": text[:i]})
    per_save = (time.perf_counter() - started) / len(text)
    assert per_save < 0.005, f"{per_save * 1000:.2f} ms per keystroke"
    assert drafts.load("callback:c1").data["note"] == text  # type: ignore[union-attr]


CHILD = """
import sys
from operator_desk.storage.db import Database
from operator_desk.storage.drafts import Drafts
db = Database.open(sys.argv[1])
drafts = Drafts(db.conn)
i = 0
while True:
    i += 1
    drafts.save("callback:c1", {"name": "Иван", "note": "x" * i})
    print(i, flush=True)
"""


def test_a_draft_survives_kill_9(db_path: Path) -> None:
    Database.open(db_path).close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)], cwd=REPO, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        last = 0
        while last < 200:
            line = child.stdout.readline()
            assert line, "the child stopped typing"
            last = int(line)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Database.open(db_path) as db:
        assert db.recovered is None
        draft = Drafts(db.conn).load("callback:c1")
        assert draft is not None
        assert draft.data["name"] == "Иван"
        assert len(draft.data["note"]) >= last  # every save it reported is there
