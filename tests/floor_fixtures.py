"""A real, throwaway PostgreSQL for the floor's tests: started once per session with
initdb/pg_ctl in a temp folder (free loopback port, unix socket in the folder), a
fresh database per test, torn down at the end."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from operator_desk.floor.connection import connect
from operator_desk.floor.sandbox import Sandbox
from operator_desk.floor.schema import add_login, init_floor

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Sandbox]:
    sandbox = Sandbox.start(max_connections=300)
    yield sandbox
    sandbox.close()


@dataclass
class Floor:
    """One test's floor database on the session's server, with logins for two desks and a
    supervisor."""

    server: Sandbox
    database: str

    def url(self, user: str = "floor_admin", password: str | None = None, **params: str) -> str:
        if user != "floor_admin" and password is None:
            password = f"pw-{user}"
        return self.server.url(user, password, self.database, **params)

    def admin(self) -> psycopg.Connection[Any]:
        return connect(self.url())

    def login(self, user: str) -> psycopg.Connection[Any]:
        return connect(self.url(user))


@pytest.fixture
def floor_db(pg_server: Sandbox) -> Iterator[Floor]:
    name = f"floor_t{next(_numbers)}"
    with connect(pg_server.url(database="postgres")) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield Floor(pg_server, name)
    with connect(pg_server.url(database="postgres")) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def floor(floor_db: Floor) -> Floor:
    """An initialised floor with desk logins desk1, desk2 and supervisor boss."""
    with floor_db.admin() as conn:
        init_floor(conn)
        for login in ("desk1", "desk2"):
            add_login(conn, login, f"pw-{login}")
        add_login(conn, "boss", "pw-boss", supervisor=True)
    return floor_db
