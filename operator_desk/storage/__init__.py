"""Local records in SQLite: history, outbox, drafts."""

from __future__ import annotations

from operator_desk.storage.db import Database, profile_db_path


def open_database(profile: str) -> Database:
    """The operator profile's database; a damaged file is moved aside and a fresh one used
    (:attr:`Database.recovered` says so)."""
    path = profile_db_path(profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Database.open(path)
