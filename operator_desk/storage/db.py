"""The desk's SQLite database: where it lives, how it opens, its schema and migrations.

One database file per operator profile, ``<data dir>/profiles/<profile>/desk.sqlite3``.
The data directory is the platform's (:mod:`platformdirs`), unless the environment
variable ``OPERATOR_DESK_DATA_DIR`` or an explicit argument names another one.

The file runs in WAL mode with ``synchronous=NORMAL``: a commit survives the desk being
killed (``kill -9``) at any moment; only a power cut may lose the last commits. The
schema version is ``PRAGMA user_version``; :data:`MIGRATIONS` brings any older file up
to date, each step in one transaction.

A file SQLite cannot read (not a database, or corrupt) never stops the desk:
:meth:`Database.open` moves it aside as ``desk.sqlite3.corrupt-<UTC timestamp>`` (its
``-wal``/``-shm`` companions follow it), starts a fresh file and says so in
:attr:`Database.recovered` for the status bar. ``recover=False`` raises
:class:`DatabaseCorruptError` instead.

SQLite connections never cross threads: :meth:`Database.connect` gives each thread (the
GUI thread, the outbox worker) a connection of its own, in autocommit mode;
:func:`transaction` groups statements.

```
OperatorDeskError
 +-- StorageError             the database cannot be used
      +-- DatabaseCorruptError    the file is damaged (only with recover=False)
      +-- SchemaTooNewError       written by a newer desk; left untouched
```
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from operator_desk.core.errors import OperatorDeskError

__all__ = [
    "APP_NAME",
    "DATA_DIR_ENV",
    "DB_FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Database",
    "DatabaseCorruptError",
    "Recovery",
    "SchemaTooNewError",
    "StorageError",
    "data_dir",
    "profile_db_path",
    "transaction",
]

log = logging.getLogger(__name__)

APP_NAME = "operator-desk"
DATA_DIR_ENV = "OPERATOR_DESK_DATA_DIR"
DB_FILENAME = "desk.sqlite3"
BUSY_TIMEOUT_MS = 5000

# SQLite primary result codes that mean "this file is damaged".
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class StorageError(OperatorDeskError):
    """The local database cannot be used (disk full, permissions, damaged file...)."""


class DatabaseCorruptError(StorageError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"the database {path} is damaged: {reason}")


class SchemaTooNewError(StorageError):
    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"the database {path} has schema version {found}, this desk knows up to {known}: "
            "it was written by a newer Operator Desk; update the desk or choose another profile"
        )


def data_dir(override: Path | str | None = None) -> Path:
    """The folder for the desk's data: ``override``, ``$OPERATOR_DESK_DATA_DIR``, or the platform's."""
    if override is not None:
        return Path(override)
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


_PROFILE = re.compile(r"^[\w.@-]{1,64}$")


def profile_db_path(profile: str, base: Path | str | None = None) -> Path:
    """``<data dir>/profiles/<profile>/desk.sqlite3`` (the folder is not created here)."""
    if not _PROFILE.match(profile) or profile in (".", ".."):
        raise StorageError(
            f"invalid profile name {profile!r}: use letters, digits, '.', '_', '-' or '@' (up to 64)"
        )
    return data_dir(base) / "profiles" / profile / DB_FILENAME


# 3: the call floor. Calls keep the IVR input, the operator and the group; the outbox
# gets a target ('' = the tenant's CRM, 'floor' = the floor database) and a reference
# (what an item delivers when it carries no payload of its own); `replicas` says which
# targets take this desk's records; `alive` is the desk's last sign of life (to close the
# calls a crash left open). While `replicas` has a 'floor' row, every change to a call
# record queues it for the floor -- from whichever thread or module wrote it -- in the
# same transaction, once (a change while one is queued joins that one), with its
# revision `rev` raised so the floor keeps only the newest.
_NOW_NS = "CAST((julianday('now') - 2440587.5) * 86400000000000 AS INTEGER)"
_QUEUE_CALL = (
    "INSERT INTO outbox (id, kind, tenant_id, payload, state, created_ns, next_attempt_ns, updated_ns,"
    " target, ref) SELECT lower(hex(randomblob(16))), 'call', NEW.tenant_id, '{}', 'queued', t, t, t,"
    " 'floor', NEW.call_id FROM (SELECT " + _NOW_NS + " AS t)"
    " WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE target = 'floor' AND ref = NEW.call_id"
    " AND kind = 'call' AND state = 'queued');"
)
_FLOOR_MIGRATION: tuple[str, ...] = (
    "ALTER TABLE calls ADD COLUMN ivr_digits TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN ivr_data TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN operator TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN group_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE callbacks ADD COLUMN group_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE callbacks ADD COLUMN origin_desk TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN target TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN ref TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX outbox_target_due ON outbox (target, state, next_attempt_ns)",
    "CREATE INDEX outbox_ref ON outbox (target, ref, state)",
    "CREATE TABLE replicas (target TEXT PRIMARY KEY, since_ns INTEGER NOT NULL)",
    "CREATE TABLE alive (id INTEGER PRIMARY KEY CHECK (id = 1), at_ns INTEGER NOT NULL)",
    "CREATE TRIGGER calls_rev AFTER UPDATE ON calls WHEN NEW.rev = OLD.rev"
    " BEGIN UPDATE calls SET rev = OLD.rev + 1 WHERE id = NEW.id; END",
    "CREATE TRIGGER calls_to_floor_insert AFTER INSERT ON calls"
    " WHEN EXISTS (SELECT 1 FROM replicas WHERE target = 'floor') BEGIN " + _QUEUE_CALL + " END",
    "CREATE TRIGGER calls_to_floor_update AFTER UPDATE ON calls"
    " WHEN EXISTS (SELECT 1 FROM replicas WHERE target = 'floor') BEGIN " + _QUEUE_CALL + " END",
    # A call that ended is logged in the CRM's telephony (Bitrix24) while `replicas` has a
    # 'crm-calls' row: one item with the finished call, for the CRM's outbox worker.
    "CREATE TRIGGER calls_to_crm_call_log AFTER UPDATE OF ended_ns ON calls"
    " WHEN OLD.ended_ns IS NULL AND NEW.ended_ns IS NOT NULL AND NEW.consult_for = ''"
    " AND EXISTS (SELECT 1 FROM replicas WHERE target = 'crm-calls') BEGIN"
    " INSERT INTO outbox (id, kind, tenant_id, payload, state, created_ns, next_attempt_ns, updated_ns,"
    " target, ref) SELECT lower(hex(randomblob(16))), 'call_log', NEW.tenant_id, json_object("
    "'call_id', NEW.call_id, 'direction', NEW.direction, 'caller_number', NEW.caller_number,"
    " 'dialed_number', NEW.dialed_number, 'started_ns', NEW.started_ns, 'answered_ns', NEW.answered_ns,"
    " 'ended_ns', NEW.ended_ns, 'outcome', NEW.outcome, 'talk_s', NEW.talk_s), 'queued', t, t, t, '',"
    " NEW.call_id FROM (SELECT " + _NOW_NS + " AS t); END",
)

# Each migration brings the schema from version N (its index) to N + 1. Statements run
# one by one inside a single transaction, together with the new user_version.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            call_id TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL,
            tenant_id TEXT NOT NULL DEFAULT '',
            caller_number TEXT NOT NULL DEFAULT '',
            caller_name TEXT NOT NULL DEFAULT '',
            dialed_number TEXT NOT NULL DEFAULT '',
            started_ns INTEGER NOT NULL,
            answered_ns INTEGER,
            ended_ns INTEGER,
            outcome TEXT NOT NULL DEFAULT 'ongoing',
            end_reason TEXT NOT NULL DEFAULT '',
            sip_code INTEGER NOT NULL DEFAULT 0,
            talk_s REAL NOT NULL DEFAULT 0,
            transferred_to TEXT NOT NULL DEFAULT '',
            not_ready_reason TEXT NOT NULL DEFAULT '',
            wrapup_code TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            wrapup_ns INTEGER,
            consult_for TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX calls_started ON calls (started_ns)",
        "CREATE INDEX calls_tenant_started ON calls (tenant_id, started_ns)",
        """CREATE TABLE call_nodes (
            call INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            node_id TEXT NOT NULL,
            at_ns INTEGER NOT NULL,
            PRIMARY KEY (call, seq)
        )""",
        """CREATE TABLE drafts (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            updated_ns INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE callbacks (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            call_id TEXT NOT NULL DEFAULT '',
            number TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            fields TEXT NOT NULL DEFAULT '{}',
            note TEXT NOT NULL DEFAULT '',
            preferred_ns INTEGER,
            created_ns INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ns INTEGER,
            closed_ns INTEGER
        )""",
        "CREATE INDEX callbacks_due ON callbacks (status, tenant_id, next_attempt_ns)",
        "CREATE INDEX callbacks_call ON callbacks (call_id)",
        """CREATE TABLE callback_attempts (
            callback TEXT NOT NULL REFERENCES callbacks (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            at_ns INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (callback, seq)
        )""",
        """CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_ns INTEGER NOT NULL,
            next_attempt_ns INTEGER NOT NULL,
            updated_ns INTEGER NOT NULL,
            delivered_ns INTEGER,
            http_status INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX outbox_due ON outbox (state, next_attempt_ns)",
    ),
    (
        # 2: which scripts library version the operator worked from on each call.
        "ALTER TABLE calls ADD COLUMN library_version TEXT NOT NULL DEFAULT ''",
    ),
    _FLOOR_MIGRATION,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class Recovery:
    """A damaged database file was moved aside and a fresh one started."""

    moved_to: Path
    reason: str

    @property
    def message(self) -> str:
        """A sentence for the status bar."""
        return (
            f"The local database was damaged ({self.reason}) and has been replaced by an empty one; "
            f"the old file is kept as {self.moved_to}"
        )


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")


def _raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, *, immediate: bool = True) -> Iterator[sqlite3.Connection]:
    """Run a block as one transaction on an autocommit connection; roll back on error.

    Nested use joins the outer transaction.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class Database:
    """An open, migrated desk database file.

    :attr:`conn` belongs to the thread that called :meth:`open`; any other thread calls
    :meth:`connect` for its own connection and closes it when done.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, recovered: Recovery | None) -> None:
        self.path = path
        self.conn = conn
        self.recovered = recovered
        """Set when a damaged file was moved aside while opening."""

    @classmethod
    def open(cls, path: Path | str, *, recover: bool = True, check: bool = True,
             migrations: Sequence[Sequence[str]] = MIGRATIONS) -> Database:
        """Open (creating it and its folder if needed) and migrate the database at ``path``.

        ``check`` runs ``PRAGMA quick_check`` to find damage early. A damaged file is
        moved aside (see the module docs) unless ``recover`` is False. ``migrations`` is
        for tests of the migration machinery.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder for the database {path}: {exc}") from exc
        try:
            conn = cls._open_checked(path, check, migrations)
        except DatabaseCorruptError as exc:
            if not recover:
                raise
            moved = _move_aside(path)
            log.error("database %s is damaged (%s); moved aside as %s, starting a fresh one",
                      path, exc.reason, moved)
            conn = cls._open_checked(path, False, migrations)
            return cls(path, conn, Recovery(moved, exc.reason))
        return cls(path, conn, None)

    @staticmethod
    def _open_checked(path: Path, check: bool, migrations: Sequence[Sequence[str]]) -> sqlite3.Connection:
        if check and path.is_file() and path.stat().st_size > 0:
            _check_readonly(path)
        try:
            conn = _raw_connect(path)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the database {path}: {exc}") from exc
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("database %s: journal mode is %s, not wal", path, mode)
            _configure(conn)
            _migrate(conn, path, migrations)
        except DatabaseCorruptError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_corruption(exc):
                raise DatabaseCorruptError(path, str(exc)) from exc
            raise StorageError(f"cannot use the database {path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def connect(self) -> sqlite3.Connection:
        """A new connection to the same file, for the calling thread only."""
        conn = _raw_connect(self.path)
        _configure(conn)
        return conn

    def close(self) -> None:
        """Close :attr:`conn` (call from the thread that opened the database)."""
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_readonly(path: Path) -> None:
    """Look for damage through a read-only connection, which leaves the file and its WAL as they are."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open the database {path}: {exc}") from exc
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise DatabaseCorruptError(path, str(exc)) from exc
        raise StorageError(f"cannot read the database {path}: {exc}") from exc
    finally:
        conn.close()
    if result != ["ok"]:
        raise DatabaseCorruptError(path, _summary(result))


def _migrate(conn: sqlite3.Connection, path: Path, migrations: Sequence[Sequence[str]]) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(migrations):
        raise SchemaTooNewError(path, version, len(migrations))
    for target in range(version + 1, len(migrations) + 1):
        statements = migrations[target - 1]
        with transaction(conn):
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        log.info("database %s: schema migrated to version %d", path, target)


def _summary(check_result: Sequence[object]) -> str:
    lines = [line.strip() for item in check_result for line in str(item).splitlines()]
    lines = [line for line in lines if line and not line.startswith("***")] or ["integrity check failed"]
    more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
    return lines[0] + more


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.replace(target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.replace(target.with_name(target.name + suffix))
    except OSError as exc:
        raise StorageError(f"cannot move the damaged database {path} aside: {exc}") from exc
    return target


def new_id() -> str:
    """A new random (version 4) UUID as text, for callback requests and outbox items.
    (uuid is imported with the first one: with it comes ``platform``, which idle does
    not need.)"""
    import uuid

    return str(uuid.uuid4())


def now_ns() -> int:
    return time.time_ns()
