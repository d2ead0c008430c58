"""floor init: versioned migrations, idempotent, on an older schema; the roles' privileges,
tested by trying what a desk must not do."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from operator_desk.floor.connection import FloorSchemaError
from operator_desk.floor.records import upsert_call
from operator_desk.floor.schema import MIGRATIONS, SCHEMA_VERSION, add_login, init_floor, schema_version
from tests.floor_fixtures import Floor

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def call_row(desk: str = "desk-a", call_id: str = "c1", rev: int = 1, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "desk_id": desk, "call_id": call_id, "rev": rev, "direction": "in", "tenant_id": "taxi",
        "dialed_number": "88005553535", "caller_number": "+79161234567", "caller_name": "Иван",
        "ivr_digits": "1", "ivr_data": "menu=1", "operator": "Анна", "group_id": "sales", "ring_at": T0,
        "answered_at": None, "ended_at": None, "outcome": "ongoing", "end_reason": "", "sip_code": 0,
        "talk_s": 0.0, "transferred_to": "", "not_ready_reason": "", "wrapup_code": "", "note": "",
        "wrapup_at": None, "consult_for": "", "library_version": "1",
    }
    row.update(changes)
    return row


def test_init_creates_the_schema_and_is_safe_to_run_twice(floor_db: Floor) -> None:
    with floor_db.admin() as conn:
        assert schema_version(conn) == 0
        assert init_floor(conn) == (0, SCHEMA_VERSION)
        assert init_floor(conn) == (SCHEMA_VERSION, SCHEMA_VERSION)
        versions = [r[0] for r in conn.execute("SELECT version FROM floor.schema_migrations ORDER BY 1")]
        roles = {r[0] for r in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN ('operator_desk', 'operator_supervisor')"
            " AND NOT rolcanlogin")}
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert roles == {"operator_desk", "operator_supervisor"}


def test_init_migrates_an_older_schema_and_keeps_its_records(floor_db: Floor) -> None:
    with floor_db.admin() as conn:
        init_floor(conn, MIGRATIONS[:1])  # a floor set up by the first version
        upsert_call(conn, call_row())
        assert conn.execute("SELECT to_regclass('floor.callbacks')").fetchone() == (None,)
        assert init_floor(conn) == (1, SCHEMA_VERSION)
        assert conn.execute("SELECT caller_name FROM floor.calls").fetchall() == [("Иван",)]
        assert conn.execute("SELECT count(*) FROM floor.callbacks").fetchone() == (0,)


def test_a_schema_from_a_newer_desk_is_left_alone(floor_db: Floor) -> None:
    with floor_db.admin() as conn:
        init_floor(conn)
        conn.execute("INSERT INTO floor.schema_migrations (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
        with pytest.raises(FloorSchemaError, match="newer Operator Desk"):
            init_floor(conn)


def test_a_desk_cannot_delete_a_record(floor: Floor) -> None:
    with floor.login("desk1") as desk:
        upsert_call(desk, call_row())
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            desk.execute("DELETE FROM floor.calls")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            desk.execute("TRUNCATE floor.calls")
    with floor.admin() as conn:
        assert conn.execute("SELECT count(*) FROM floor.calls").fetchone() == (1,)


def test_a_desk_neither_reads_nor_rewrites_another_desks_records(floor: Floor) -> None:
    with floor.login("desk1") as one, floor.login("desk2") as two:
        upsert_call(one, call_row("desk-a"))
        assert two.execute("SELECT count(*) FROM floor.calls").fetchone() == (0,)
        assert two.execute("UPDATE floor.calls SET outcome = 'answered'").rowcount == 0
        # Sending a record under another desk's id with a newer revision changes nothing either.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            upsert_call(two, call_row("desk-a", rev=9, caller_name="подмена"))
    with floor.login("boss") as boss:
        assert boss.execute("SELECT desk_id, caller_name FROM floor.calls").fetchall() == [("desk-a", "Иван")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            boss.execute("UPDATE floor.calls SET note = 'x'")


def test_a_closed_record_keeps_what_happened_and_takes_only_its_wrap_up(floor: Floor) -> None:
    ended = call_row(rev=2, answered_at=T0, ended_at=T0, outcome="answered", talk_s=30.0)
    with floor.login("desk1") as desk:
        upsert_call(desk, ended)
        assert upsert_call(desk, {**ended, "rev": 3, "wrapup_code": "order", "note": "заказ"})
        with pytest.raises(psycopg.errors.CheckViolation, match="closed"):
            upsert_call(desk, {**ended, "rev": 4, "outcome": "missed"})
        assert not upsert_call(desk, {**ended, "rev": 1, "note": "older revision"})
        row = desk.execute("SELECT outcome, wrapup_code, note FROM floor.calls").fetchone()
    assert row == ("answered", "order", "заказ")


def test_a_desk_cannot_close_a_callback_without_an_attempt(floor: Floor) -> None:
    from operator_desk.floor.callbacks import add_callback

    with floor.login("desk1") as desk:
        add_callback(desk, {"id": "0b0e7a3c-1f69-4b0e-9a59-6f1b1bb1a001", "desk_id": "desk-a",
                            "tenant_id": "taxi", "group_id": "", "number": "+79161234567", "name": "",
                            "fields": {}, "note": "", "call_id": "", "preferred_at": None,
                            "created_at": T0, "next_attempt_at": T0})
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            desk.execute("UPDATE floor.callbacks SET state = 'done'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            desk.execute("DELETE FROM floor.callbacks")


def test_add_login_refuses_before_init_and_moves_a_login_between_roles(floor_db: Floor) -> None:
    with floor_db.admin() as conn:
        with pytest.raises(FloorSchemaError, match="floor init"):
            add_login(conn, "desk9", "pw")
        init_floor(conn)
        assert add_login(conn, "desk9", "pw") is True
        assert add_login(conn, "desk9", "pw2", supervisor=True) is False
        member_of = {r[0] for r in conn.execute(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
            " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'desk9'")}
    assert member_of == {"operator_supervisor"}
