"""Opening the desk database: where it lives, WAL, schema versions, damaged files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import platformdirs
import pytest

from operator_desk.storage.db import (
    DATA_DIR_ENV,
    MIGRATIONS,
    SCHEMA_VERSION,
    Database,
    DatabaseCorruptError,
    SchemaTooNewError,
    StorageError,
    data_dir,
    profile_db_path,
)
from operator_desk.storage.records import CallRecords, Direction


def _fill(db: Database, n: int = 2000) -> None:
    records = CallRecords(db.conn)
    for i in range(n):
        records.start(f"call-{i}", Direction.INCOMING, i, tenant_id="acme", caller_number=f"+7495{i:07d}")


def test_data_dir_prefers_argument_then_environment_then_platform(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert data_dir() == Path(platformdirs.user_data_dir("operator-desk", appauthor=False))


def test_one_database_per_profile(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert profile_db_path("anna") == tmp_path / "profiles" / "anna" / "desk.sqlite3"
    assert profile_db_path("boris") != profile_db_path("anna")
    for bad in ("", "..", "a/b", "x" * 65):
        with pytest.raises(StorageError, match="invalid profile name"):
            profile_db_path(bad)


def test_new_database_is_created_in_wal_mode_at_the_current_schema(db_path: Path) -> None:
    with Database.open(db_path) as db:
        assert db.recovered is None
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"calls", "call_nodes", "drafts", "callbacks", "callback_attempts", "outbox"} <= tables
    assert db_path.is_file()


def test_reopening_keeps_the_data(db_path: Path) -> None:
    with Database.open(db_path) as db:
        _fill(db, 10)
    with Database.open(db_path) as db:
        assert CallRecords(db.conn).count() == 10


def test_an_older_file_is_migrated_and_keeps_its_data(db_path: Path) -> None:
    with Database.open(db_path) as db:
        _fill(db, 5)
    newer = (*MIGRATIONS, ("ALTER TABLE calls ADD COLUMN queue TEXT NOT NULL DEFAULT 'main'",
                           "CREATE INDEX calls_queue ON calls (queue)"))
    with Database.open(db_path, migrations=newer) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert db.conn.execute("SELECT COUNT(*), MIN(queue) FROM calls").fetchone()[:] == (5, "main")


def test_a_failing_migration_changes_nothing(db_path: Path) -> None:
    with Database.open(db_path) as db:
        _fill(db, 3)
    broken = (*MIGRATIONS, ("ALTER TABLE calls ADD COLUMN queue TEXT", "THIS IS NOT SQL"))
    with pytest.raises(StorageError, match="syntax error"):
        Database.open(db_path, migrations=broken)
    with Database.open(db_path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {r[1] for r in db.conn.execute("PRAGMA table_info(calls)")}
        assert "queue" not in columns
        assert CallRecords(db.conn).count() == 3


def test_a_file_from_a_newer_desk_is_refused_and_left_alone(db_path: Path) -> None:
    with Database.open(db_path) as db:
        db.conn.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer Operator Desk") as info:
        Database.open(db_path)
    assert info.value.found == 99
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.corrupt-*"))


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_fresh_one_started(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not sqlite, just a broken copy\n" * 200
    db_path.write_bytes(garbage)
    with Database.open(db_path) as db:
        assert db.recovered is not None
        moved = db.recovered.moved_to
        assert moved.name.startswith("desk.sqlite3.corrupt-")
        assert moved.read_bytes() == garbage
        assert "not a database" in db.recovered.reason
        assert str(moved) in db.recovered.message
        # the fresh database works
        _fill(db, 3)
        assert CallRecords(db.conn).count() == 3
    with Database.open(db_path) as db:
        assert db.recovered is None
        assert CallRecords(db.conn).count() == 3


def test_damaged_pages_are_found_at_open(db_path: Path, caplog) -> None:
    with Database.open(db_path) as db:
        _fill(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db_path.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(os.urandom(4096 * 4))
    damaged = db_path.read_bytes()
    with Database.open(db_path) as db:
        assert db.recovered is not None
        assert db.recovered.moved_to.read_bytes() == damaged
        assert "\n" not in db.recovered.reason
        assert CallRecords(db.conn).count() == 0
    assert "damaged" in caplog.text
    assert "+7495" not in caplog.text


def test_the_wal_of_a_damaged_file_goes_with_it(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"\x00garbage" * 512)
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"wal bytes")
    with Database.open(db_path) as db:
        assert db.recovered is not None
        kept_wal = db.recovered.moved_to.with_name(db.recovered.moved_to.name + "-wal")
        assert kept_wal.read_bytes() == b"wal bytes"


def test_without_recovery_a_damaged_file_raises_and_stays(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseCorruptError, match="damaged"):
        Database.open(db_path, recover=False)
    assert db_path.read_bytes() == b"garbage" * 1000


def test_each_thread_gets_its_own_connection(db: Database) -> None:
    import threading

    errors: list[BaseException] = []

    def worker() -> None:
        try:
            conn = db.connect()
            conn.execute("INSERT INTO drafts (key, kind, data, updated_ns) VALUES ('k', 'x', '{}', 1)")
            conn.close()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert not errors
    assert db.conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 1
    # the owner's connection refuses to be used from another thread
    failure: list[BaseException] = []
    other = threading.Thread(target=lambda: _try(lambda: db.conn.execute("SELECT 1"), failure))
    other.start()
    other.join()
    assert failure and isinstance(failure[0], sqlite3.ProgrammingError)


def _try(fn, out: list[BaseException]) -> None:
    try:
        fn()
    except BaseException as exc:
        out.append(exc)
