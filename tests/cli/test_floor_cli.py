"""`operator-desk floor …`: IT's set-up and the supervisor's read-outs, against a real PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.core
import pytest

from operator_desk.floor.agents import publish
from operator_desk.floor.callbacks import add_callback, claim
from operator_desk.floor.connection import connect
from operator_desk.floor.records import upsert_call
from operator_desk.floor_cli import run_floor
from operator_desk.storage.export import COLUMNS
from tests.floor.test_schema import call_row
from tests.floor_fixtures import Floor
from tests.services.conftest import MemoryKeyring

EXE = str(Path(sys.executable).parent / "operator-desk")


def floor_cmd(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, "floor", *args], capture_output=True, text=True, input=stdin, timeout=60)


def test_init_twice_then_a_desk_login_that_can_connect(floor_db: Floor) -> None:
    first = floor_cmd("init", "--database", floor_db.url())
    assert first.returncode == 0, first.stderr
    assert "migrated from version 0 to 2" in first.stdout and "***" in first.stdout
    again = floor_cmd("init", "--database", floor_db.url())
    assert again.returncode == 0 and "at schema version 2" in again.stdout
    added = floor_cmd("add-login", "desk31", "--database", floor_db.url(), stdin="s3cret-31\n")
    assert added.returncode == 0, added.stderr
    assert "created the desk login desk31" in added.stdout and "s3cret" not in added.stdout
    assert f"postgresql://desk31@127.0.0.1:{floor_db.server.port}/{floor_db.database}" in added.stdout
    with connect(floor_db.url("desk31", "s3cret-31")) as conn:
        assert conn.execute("SELECT pg_has_role('operator_desk', 'MEMBER')").fetchone() == (True,)
    made_up = floor_cmd("add-login", "boss2", "--supervisor", "--database", floor_db.url())
    assert "password: " in made_up.stdout


def test_agents_json_has_one_entry_a_desk(floor: Floor) -> None:
    with floor.login("desk1") as one, floor.login("desk2") as two:
        publish(one, "desk-a", operator="Анна", group_id="sales", host="pc-1", profile="default",
                state="on_call", tenant_id="taxi", seconds_in_state=30)
        publish(two, "desk-b", operator="Борис", group_id="support", host="pc-2", profile="default",
                state="not_ready", reason="Обед")
    done = floor_cmd("agents", "--json", "--database", floor.url("boss"))
    assert done.returncode == 0, done.stderr
    entries = json.loads(done.stdout)
    shown = [(e["desk_id"], e["operator"], e["state"], e["reason"], e["tenant"], e["online"])
             for e in entries]
    assert shown == [
        ("desk-a", "Анна", "on_call", "", "taxi", True), ("desk-b", "Борис", "not_ready", "Обед", "", True)]
    assert 29 <= entries[0]["seconds_in_state"] <= 40
    text = floor_cmd("agents", "--database", floor.url("boss"))
    assert "Обед" in text.stdout and "2 desk(s), 2 online" in text.stderr


def test_callbacks_json_lists_the_queue_with_claims(floor: Floor) -> None:
    now = datetime.now(UTC)
    ids = [str(uuid.uuid4()) for _ in range(2)]
    with floor.login("desk1") as conn:
        for n, cid in enumerate(ids):
            add_callback(conn, {"id": cid, "desk_id": "desk-a", "tenant_id": "taxi", "group_id": "",
                                "number": f"+7916123456{n}", "name": "Иван", "fields": {}, "note": "",
                                "call_id": "", "preferred_at": None, "created_at": now,
                                "next_attempt_at": now})
        claim(conn, "desk-a", ids[0])
    done = floor_cmd("callbacks", "--json", "--database", floor.url("boss"))
    entries = json.loads(done.stdout)
    assert {"id", "tenant", "number", "state", "claimed_by", "attempts"} <= set(entries[0])
    assert [(e["id"], e["tenant"], e["state"], e["claimed_by"], e["attempts"]) for e in entries] == [
        (ids[0], "taxi", "open", "desk-a", 0), (ids[1], "taxi", "open", None, 0)]
    assert json.loads(floor_cmd("callbacks", "--json", "--all", "--tenant", "bank", "--database",
                                floor.url("boss")).stdout) == []


def test_floor_export_has_the_columns_of_records_export_from_every_desk(floor: Floor) -> None:
    with floor.login("desk1") as one, floor.login("desk2") as two:
        upsert_call(one, call_row("desk-a", "c1"))
        upsert_call(two, call_row("desk-b", "c2", caller_name="Пётр", tenant_id="bank"))
    done = floor_cmd("export", "--database", floor.url("boss"))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == list(COLUMNS)
    assert [(r[0], r[3], r[13]) for r in rows[1:]] == [("taxi", "Иван", "desk-a"), ("bank", "Пётр", "desk-b")]
    assert rows[1][7] == "2026-03-10T09:00:00+00:00"
    only = json.loads(floor_cmd("export", "--format", "json", "--tenant", "bank", "--database",
                                floor.url("boss")).stdout)
    assert [e["call_id"] for e in only] == ["c2"]


def test_unreachable_and_bad_urls_have_their_own_exit_codes(floor: Floor, tmp_path: Path) -> None:
    down = floor_cmd("agents", "--database", "postgresql://desk1@127.0.0.1:1/floor?connect_timeout=2")
    assert down.returncode == 4 and "cannot be reached" in down.stderr
    bad = floor_cmd("agents", "--database", "mysql://x@y/z")
    assert bad.returncode == 2 and "postgresql://" in bad.stderr
    refused = floor_cmd("init", "--database", floor.url("desk1"))
    assert refused.returncode == 1 and "may create roles and tables" in refused.stderr


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.core._keyring_backend = previous


def test_the_desk_password_goes_into_the_keyring_and_is_used_from_there(
        floor: Floor, memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    import argparse

    url = floor.url("desk1", password="").replace(":@", "@")
    args = argparse.Namespace(floor_command="password", database=url, config=None)
    out = io.StringIO()
    assert run_floor(args, out, io.StringIO(), io.StringIO("pw-desk1\n")) == 0
    assert memory_keyring.store[("operator-desk", "floor/desk1@127.0.0.1")] == "pw-desk1"
    args = argparse.Namespace(floor_command="agents", database=url, config=None, json=True)
    out = io.StringIO()
    assert run_floor(args, out, io.StringIO()) == 0
    assert json.loads(out.getvalue()) == []
