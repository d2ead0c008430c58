"""The desk's last sign of life, and who this desk is on the floor.

:class:`LastAlive` keeps one row in the desk's database with the moment the desk was
last known to run; the desk stamps it every :data:`EVERY_S` (one tiny write: in WAL mode
with ``synchronous=NORMAL`` it costs no disk flush). After a ``kill -9`` or a power cut,
that moment is when the calls the crash left open are closed
(:meth:`operator_desk.storage.records.CallRecords.close_interrupted`): at most
:data:`EVERY_S` late, never in the future.

:func:`desk_identity` names the desk on the floor: a random id kept in the profile's
folder (``desk-id`` next to ``desk.sqlite3``), so it stays the same for this PC and
operator profile across restarts, renamed PCs and a database moved aside after damage,
and two profiles on one PC are two desks.
"""

from __future__ import annotations

import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from operator_desk.storage.db import new_id, now_ns

__all__ = ["EVERY_S", "DeskIdentity", "LastAlive", "desk_identity"]

EVERY_S = 5.0


class LastAlive:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def last(self) -> int | None:
        """When the desk last stamped (wall-clock ns), None for a new database."""
        row = self.conn.execute("SELECT at_ns FROM alive WHERE id = 1").fetchone()
        return None if row is None else int(row[0])

    def stamp(self, at_ns: int | None = None) -> None:
        self.conn.execute("INSERT INTO alive (id, at_ns) VALUES (1, ?) ON CONFLICT (id) DO UPDATE"
                          " SET at_ns = excluded.at_ns", (now_ns() if at_ns is None else at_ns,))


@dataclass(frozen=True, slots=True)
class DeskIdentity:
    desk_id: str
    host: str
    profile: str


def desk_identity(profile_folder: Path, profile: str) -> DeskIdentity:
    """This PC's and profile's desk id (created on first use)."""
    file = profile_folder / "desk-id"
    try:
        desk_id = file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        desk_id = ""
    if not desk_id:
        desk_id = new_id()
        profile_folder.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        tmp.write_text(desk_id + "\n", encoding="ascii")
        tmp.replace(file)
    return DeskIdentity(desk_id, socket.gethostname(), profile)
