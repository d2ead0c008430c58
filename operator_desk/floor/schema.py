"""The floor database's schema, its versioned migrations and its two roles.

``operator-desk floor init --database URL`` (run by IT with a login that may create
roles and tables: the server's superuser, or the database's owner with CREATEROLE)
calls :func:`init_floor`. It is idempotent: each migration of :data:`MIGRATIONS` that the
database has not had runs once, in order, in one transaction with the others, under an
advisory lock (two admins running it at once wait for each other); then the roles and
their privileges are set again from scratch, so a privilege granted by hand is taken
back. A database migrated by a newer desk is left alone (:class:`FloorSchemaError`).

Everything lives in the schema ``floor``. Times are ``timestamptz`` (the server stores
UTC; each desk and the supervisor show their own time zone) and every moment that two
desks compare -- leases, heartbeats, "offline" -- is the server's ``now()``, so a desk
whose clock is off by minutes still claims and heartbeats right.

The roles (group roles, NOLOGIN; logins are their members, see :func:`add_login`):

``operator_desk``
    what a desk may do and nothing else. Its call records: INSERT, and UPDATE of its own
    rows (row-level security: ``db_user = current_user``), and once a record is closed
    only its wrap-up (code, note) and annotations may change (a trigger); it cannot read
    other desks' records. Callbacks: INSERT (its own), SELECT (the whole queue: any desk
    may call back), UPDATE of the claim columns only, and only of a callback nobody else
    holds (RLS); the state, attempts and next attempt change only through an attempt it
    INSERTs (a trigger applies it). Its own agent row: INSERT and UPDATE. No DELETE and
    no TRUNCATE anywhere.
``operator_supervisor``
    reads everything; writes nothing.

Drafts (callback forms and wrap-up notes being typed) never leave the desk's own SQLite
file, so no desk can read another's.

One login per desk PC is what lets row-level security tell desks apart (the keyring of
each PC holds its own password); a login shared by several desks works, and then "its
own rows" means those of every desk with that login.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from operator_desk.floor.connection import FloorError, FloorSchemaError

__all__ = [
    "DESK_ROLE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SUPERVISOR_ROLE",
    "add_login",
    "init_floor",
    "schema_version",
]

log = logging.getLogger(__name__)

DESK_ROLE = "operator_desk"
SUPERVISOR_ROLE = "operator_supervisor"
LOCK_KEY = 0x0D35_F100  # pg_advisory_xact_lock key of floor init

_V1_RECORDS = (
    "CREATE SCHEMA IF NOT EXISTS floor",
    """CREATE TABLE floor.calls (
        desk_id text NOT NULL,
        call_id text NOT NULL,
        db_user text NOT NULL DEFAULT current_user,
        rev bigint NOT NULL DEFAULT 0,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        tenant_id text NOT NULL DEFAULT '',
        dialed_number text NOT NULL DEFAULT '',
        caller_number text NOT NULL DEFAULT '',
        caller_name text NOT NULL DEFAULT '',
        ivr_digits text NOT NULL DEFAULT '',
        ivr_data text NOT NULL DEFAULT '',
        operator text NOT NULL DEFAULT '',
        group_id text NOT NULL DEFAULT '',
        ring_at timestamptz NOT NULL,
        answered_at timestamptz,
        ended_at timestamptz,
        outcome text NOT NULL DEFAULT 'ongoing',
        end_reason text NOT NULL DEFAULT '',
        sip_code integer NOT NULL DEFAULT 0,
        talk_s real NOT NULL DEFAULT 0,
        transferred_to text NOT NULL DEFAULT '',
        not_ready_reason text NOT NULL DEFAULT '',
        wrapup_code text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT '',
        wrapup_at timestamptz,
        consult_for text NOT NULL DEFAULT '',
        library_version text NOT NULL DEFAULT '',
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (desk_id, call_id)
    )""",
    "CREATE INDEX calls_ring ON floor.calls (ring_at)",
    "CREATE INDEX calls_tenant_ring ON floor.calls (tenant_id, ring_at)",
    # What a closed record may still change: its wrap-up and annotations, never what happened.
    """CREATE FUNCTION floor.calls_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.desk_id <> OLD.desk_id OR NEW.call_id <> OLD.call_id OR NEW.db_user <> OLD.db_user
           OR NEW.direction <> OLD.direction OR NEW.ring_at <> OLD.ring_at THEN
            RAISE EXCEPTION 'call record %/%: its desk, call id, direction and ring time cannot change',
                OLD.desk_id, OLD.call_id USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.ended_at IS NOT NULL AND (NEW.ended_at IS DISTINCT FROM OLD.ended_at
           OR NEW.answered_at IS DISTINCT FROM OLD.answered_at OR NEW.outcome <> OLD.outcome
           OR NEW.caller_number <> OLD.caller_number OR NEW.dialed_number <> OLD.dialed_number
           OR NEW.talk_s <> OLD.talk_s) THEN
            RAISE EXCEPTION 'call record %/% is closed: only its wrap-up may change',
                OLD.desk_id, OLD.call_id USING ERRCODE = 'check_violation';
        END IF;
        NEW.received_at := now();
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER calls_guard BEFORE UPDATE ON floor.calls
        FOR EACH ROW EXECUTE FUNCTION floor.calls_guard()""",
    """CREATE FUNCTION floor.calls_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('floor_calls', NEW.tenant_id);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE ON floor.calls
        FOR EACH ROW EXECUTE FUNCTION floor.calls_notify()""",
    """CREATE TABLE floor.agents (
        desk_id text PRIMARY KEY,
        db_user text NOT NULL DEFAULT current_user,
        operator text NOT NULL DEFAULT '',
        group_id text NOT NULL DEFAULT '',
        host text NOT NULL DEFAULT '',
        profile text NOT NULL DEFAULT '',
        state text NOT NULL CHECK (state IN ('ready', 'not_ready', 'after_call_work', 'ringing',
                                             'on_call', 'offline')),
        reason text NOT NULL DEFAULT '',
        tenant_id text NOT NULL DEFAULT '',
        since timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NOT NULL DEFAULT now(),
        desk_version text NOT NULL DEFAULT ''
    )""",
    # A state change tells the whole row (the supervisor needs no query); a heartbeat alone
    # (only heartbeat_at moves) wakes nobody: 500 desks beat every 5 s.
    """CREATE FUNCTION floor.agents_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR (NEW.state, NEW.reason, NEW.tenant_id, NEW.since, NEW.operator,
                                NEW.group_id)
           IS DISTINCT FROM (OLD.state, OLD.reason, OLD.tenant_id, OLD.since, OLD.operator,
                             OLD.group_id) THEN
            PERFORM pg_notify('floor_agents', json_build_object(
                'desk_id', NEW.desk_id, 'operator', NEW.operator, 'group_id', NEW.group_id,
                'host', NEW.host, 'profile', NEW.profile, 'state', NEW.state, 'reason', NEW.reason,
                'tenant_id', NEW.tenant_id, 'since', NEW.since, 'heartbeat_at', NEW.heartbeat_at)::text);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER agents_notify AFTER INSERT OR UPDATE ON floor.agents
        FOR EACH ROW EXECUTE FUNCTION floor.agents_notify()""",
)

_V2_CALLBACKS = (
    """CREATE TABLE floor.callbacks (
        id uuid PRIMARY KEY,
        desk_id text NOT NULL,
        db_user text NOT NULL DEFAULT current_user,
        tenant_id text NOT NULL,
        group_id text NOT NULL DEFAULT '',
        number text NOT NULL,
        name text NOT NULL DEFAULT '',
        fields jsonb NOT NULL DEFAULT '{}',
        note text NOT NULL DEFAULT '',
        call_id text NOT NULL DEFAULT '',
        preferred_at timestamptz,
        created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        state text NOT NULL DEFAULT 'open'
            CHECK (state IN ('open', 'done', 'wrong_number', 'gave_up', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        claimed_by text,
        claimed_db_user text,
        claimed_at timestamptz,
        claim_expires_at timestamptz,
        closed_at timestamptz
    )""",
    "CREATE INDEX callbacks_due ON floor.callbacks (next_attempt_at) WHERE state = 'open'",
    "CREATE INDEX callbacks_tenant_created ON floor.callbacks (tenant_id, created_at)",
    """CREATE TABLE floor.callback_attempts (
        desk_id text NOT NULL,
        callback_id uuid NOT NULL REFERENCES floor.callbacks (id),
        seq integer NOT NULL,
        db_user text NOT NULL DEFAULT current_user,
        operator text NOT NULL DEFAULT '',
        at timestamptz NOT NULL,
        outcome text NOT NULL
            CHECK (outcome IN ('no_answer', 'busy', 'wrong_number', 'reached', 'done', 'cancelled')),
        note text NOT NULL DEFAULT '',
        call_id text NOT NULL DEFAULT '',
        retry_after interval NOT NULL DEFAULT '30 minutes',
        max_attempts integer NOT NULL DEFAULT 5,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (desk_id, callback_id, seq)
    )""",
    # An attempt moves its callback on: the floor counts attempts (several desks may try
    # one callback), closes it, or schedules the next try; the desk's claim ends with it.
    # SECURITY DEFINER: desks may not UPDATE these columns themselves.
    """CREATE FUNCTION floor.apply_attempt() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = floor, pg_temp AS $$
    DECLARE
        tries integer;
    BEGIN
        UPDATE floor.callbacks SET attempts = attempts + 1 WHERE id = NEW.callback_id
            RETURNING attempts INTO tries;
        UPDATE floor.callbacks SET
            state = CASE
                WHEN state <> 'open' THEN state
                WHEN NEW.outcome IN ('done', 'wrong_number', 'cancelled') THEN NEW.outcome
                WHEN tries >= NEW.max_attempts THEN 'gave_up'
                ELSE 'open' END,
            next_attempt_at = CASE WHEN state = 'open' THEN NEW.at + NEW.retry_after
                                   ELSE next_attempt_at END,
            closed_at = CASE
                WHEN state = 'open' AND (NEW.outcome IN ('done', 'wrong_number', 'cancelled')
                                         OR tries >= NEW.max_attempts) THEN NEW.at
                ELSE closed_at END,
            claimed_by = CASE WHEN claimed_by = NEW.desk_id THEN NULL ELSE claimed_by END,
            claimed_db_user = CASE WHEN claimed_by = NEW.desk_id THEN NULL ELSE claimed_db_user END,
            claimed_at = CASE WHEN claimed_by = NEW.desk_id THEN NULL ELSE claimed_at END,
            claim_expires_at = CASE WHEN claimed_by = NEW.desk_id THEN NULL ELSE claim_expires_at END
        WHERE id = NEW.callback_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER callback_attempts_apply AFTER INSERT ON floor.callback_attempts
        FOR EACH ROW EXECUTE FUNCTION floor.apply_attempt()""",
    # Every desk listens: a new callback, one that closed, was tried (its next attempt moved)
    # or came free again wakes them; a claim taken (the others' claims of it fail anyway) and
    # a lease renewed wake nobody -- 500 desks hear every notification.
    """CREATE FUNCTION floor.callbacks_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR (NEW.state, NEW.attempts, NEW.next_attempt_at)
           IS DISTINCT FROM (OLD.state, OLD.attempts, OLD.next_attempt_at)
           OR (NEW.claimed_by IS NULL AND OLD.claimed_by IS NOT NULL) THEN
            PERFORM pg_notify('floor_callbacks', json_build_object(
                'id', NEW.id, 'tenant', NEW.tenant_id, 'group', NEW.group_id,
                'state', NEW.state, 'claimed_by', NEW.claimed_by)::text);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER callbacks_notify AFTER INSERT OR UPDATE ON floor.callbacks
        FOR EACH ROW EXECUTE FUNCTION floor.callbacks_notify()""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1_RECORDS, _V2_CALLBACKS)
"""Migration N (1-based) brings the floor from version N-1 to N; never edit one that shipped."""
SCHEMA_VERSION = len(MIGRATIONS)

_TABLES = ("calls", "agents", "callbacks", "callback_attempts")

# Privileges and policies, set again from scratch by every init (after the migrations).
_POLICIES: tuple[tuple[str, str, str, str, str], ...] = (
    # (table, policy, command, USING, WITH CHECK) for the desk role
    ("calls", "desk_own_calls", "ALL", "db_user = current_user", "db_user = current_user"),
    ("agents", "desk_own_agent", "ALL", "db_user = current_user", "db_user = current_user"),
    ("callbacks", "desk_sees_queue", "SELECT", "true", ""),
    ("callbacks", "desk_adds_callbacks", "INSERT", "",
     "db_user = current_user AND state = 'open' AND attempts = 0 AND claimed_by IS NULL"),
    ("callbacks", "desk_claims_free_callbacks", "UPDATE",
     "claimed_db_user IS NULL OR claimed_db_user = current_user OR claim_expires_at < now()",
     "claimed_db_user IS NULL OR claimed_db_user = current_user"),
    ("callback_attempts", "desk_own_attempts", "ALL", "db_user = current_user",
     "db_user = current_user"),
)


def _grants() -> list[str]:
    desk, sup = DESK_ROLE, SUPERVISOR_ROLE
    out = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA floor FROM {desk}, {sup}",
        "REVOKE ALL ON SCHEMA floor FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA floor TO {desk}, {sup}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA floor TO {sup}",
        f"GRANT SELECT, INSERT, UPDATE ON floor.calls, floor.agents TO {desk}",
        f"GRANT SELECT, INSERT ON floor.callbacks, floor.callback_attempts TO {desk}",
        f"GRANT UPDATE (claimed_by, claimed_db_user, claimed_at, claim_expires_at) "
        f"ON floor.callbacks TO {desk}",
        "REVOKE ALL ON FUNCTION floor.apply_attempt() FROM PUBLIC",
    ]
    for table in _TABLES:
        out.append(f"ALTER TABLE floor.{table} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS supervisor_reads ON floor.{table}")
        out.append(f"CREATE POLICY supervisor_reads ON floor.{table} FOR SELECT TO {sup} USING (true)")
    for table, name, command, using, check in _POLICIES:
        out.append(f"DROP POLICY IF EXISTS {name} ON floor.{table}")
        clause = f" USING ({using})" if using else ""
        clause += f" WITH CHECK ({check})" if check else ""
        out.append(f"CREATE POLICY {name} ON floor.{table} FOR {command} TO {desk}{clause}")
    return out


def _ensure_role(cur: psycopg.Cursor[Any], role: str) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    if cur.fetchone() is None:
        cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        log.info("floor: created the role %s", role)


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The floor's schema version: 0 when ``floor init`` never ran on this database."""
    row = conn.execute("SELECT to_regclass('floor.schema_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT COALESCE(MAX(version), 0) FROM floor.schema_migrations").fetchone()
    return int(found[0]) if found else 0


def init_floor(conn: psycopg.Connection[Any],
               migrations: Sequence[Sequence[str]] = MIGRATIONS) -> tuple[int, int]:
    """Create or migrate the floor schema and (re)set its roles; ``(version before, after)``.

    ``conn`` is IT's admin connection (autocommit; this opens its own transaction).
    """
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            conn.execute("CREATE SCHEMA IF NOT EXISTS floor")
            conn.execute("""CREATE TABLE IF NOT EXISTS floor.schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL DEFAULT current_user)""")
            before = schema_version(conn)
            if before > len(migrations):
                raise FloorSchemaError(
                    f"the floor database has schema version {before}; this desk knows up to "
                    f"{len(migrations)}: it was set up by a newer Operator Desk, update this one")
            with conn.cursor() as cur:
                for version in range(before + 1, len(migrations) + 1):
                    for statement in migrations[version - 1]:
                        cur.execute(statement)
                    cur.execute("INSERT INTO floor.schema_migrations (version) VALUES (%s)", (version,))
                    log.info("floor: schema migrated to version %d", version)
                _ensure_role(cur, DESK_ROLE)
                _ensure_role(cur, SUPERVISOR_ROLE)
                if len(migrations) == len(MIGRATIONS):  # privileges name every table
                    for statement in _grants():
                        cur.execute(statement)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise FloorError(f"floor init needs a login that may create roles and tables (the "
                         f"server's superuser, or the database owner with CREATEROLE): {exc}") from None
    return before, len(migrations)


def add_login(conn: psycopg.Connection[Any], login: str, password: str, *,
              supervisor: bool = False) -> bool:
    """Create the login (or set its password) as a member of the desk or the supervisor role;
    True when it was new. IT runs this once per desk PC (or per supervisor)."""
    role = SUPERVISOR_ROLE if supervisor else DESK_ROLE
    other = DESK_ROLE if supervisor else SUPERVISOR_ROLE
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cur.fetchone() is None or schema_version(conn) == 0:
            raise FloorSchemaError("this database has no floor yet: run `operator-desk floor init` first")
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (login,))
        found = cur.fetchone()
        if found is not None and found[0]:
            raise FloorError(f"{login} is a superuser: desks and supervisors need logins of their own")
        verb = "ALTER" if found is not None else "CREATE"
        cur.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
            sql.Identifier(login), sql.Literal(password)))
        cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login)))
        cur.execute("SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                    " JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = %s AND u.rolname = %s",
                    (other, login))
        if cur.fetchone() is not None:
            cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(login)))
    return found is None
