"""Drafts: half-typed forms that survive a crash.

The UI saves a form on every change (:meth:`Drafts.save`, one upsert: a few tens of
microseconds in WAL mode) under a key such as ``callback:<call-id>`` or
``wrapup:<call-id>`` (:func:`draft_key`), deletes it when the form is submitted, and
after a restart lists what is left (:meth:`Drafts.all`) to bring it back.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field

from operator_desk.storage.db import now_ns

__all__ = ["Draft", "Drafts", "draft_key"]

log = logging.getLogger(__name__)


def draft_key(kind: str, ref: str) -> str:
    """``kind:ref``, e.g. ``draft_key("wrapup", call_id)``."""
    return f"{kind}:{ref}"


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    kind: str
    data: Mapping[str, str] = field(default_factory=dict)
    """Form field id -> text as typed."""
    updated_ns: int = 0


class Drafts:
    """Drafts on one connection (one thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def save(self, key: str, data: Mapping[str, str], *, kind: str = "") -> None:
        """Store ``data`` under ``key``, replacing what was there (committed at once)."""
        kind = kind or key.partition(":")[0]
        self.conn.execute(
            "INSERT INTO drafts (key, kind, data, updated_ns) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, data = excluded.data,"
            " updated_ns = excluded.updated_ns",
            (key, kind, json.dumps(dict(data), ensure_ascii=False), now_ns()),
        )

    def load(self, key: str) -> Draft | None:
        row = self.conn.execute(
            "SELECT key, kind, data, updated_ns FROM drafts WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else _draft(row)

    def delete(self, key: str) -> None:
        self.conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def all(self, kind: str = "") -> list[Draft]:
        """Every draft (of ``kind``), oldest first."""
        if kind:
            rows = self.conn.execute(
                "SELECT key, kind, data, updated_ns FROM drafts WHERE kind = ? ORDER BY updated_ns", (kind,)
            )
        else:
            rows = self.conn.execute("SELECT key, kind, data, updated_ns FROM drafts ORDER BY updated_ns")
        return [_draft(row) for row in rows]


def _draft(row: sqlite3.Row) -> Draft:
    try:
        loaded = json.loads(row["data"])
        data = {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
    except ValueError:
        log.warning("draft %s: unreadable data, shown empty", row["key"])
        data = {}
    return Draft(row["key"], row["kind"], data, row["updated_ns"])
