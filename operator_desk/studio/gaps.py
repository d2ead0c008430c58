"""The operators' "no ready answer" reports, for the script author to answer.

When an operator presses *No ready answer*, the desk keeps a ``script_gap`` item in its
outbox (tenant, the question the operator was at, what they had typed in the search box,
the library version). :class:`LocalGaps` reads those, through the desk's own
:class:`~operator_desk.storage.outbox.OutboxQueue`, from every operator profile on this
PC (read only, so a running desk is not disturbed); :class:`FileGaps` from a file
exported from other desks (JSON, JSON lines or CSV with the same fields;
:func:`export_gaps` writes one). A floor database, where one is set up,
is one more :class:`GapSource` (not part of this build: see the README).

:func:`group_gaps` gathers them per tenant and per question, with counts and the
operators' own words.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from operator_desk.storage.outbox import OutboxQueue
from operator_desk.studio.documents import StudioError

log = logging.getLogger(__name__)

GAP_KIND = "script_gap"
MAX_REPORTS = 100_000
"""Outbox items read per profile (delivered ones stay until the desk purges them)."""
FIELDS = ("tenant_id", "question_id", "search_text", "operator", "at", "library_version",
          "call_id")


@dataclass(frozen=True, slots=True)
class GapReport:
    tenant_id: str
    question_id: str
    """Where in the script the operator was ('' at the top of the tree)."""
    search_text: str
    """What the operator typed in the search box: the caller's words, as heard."""
    operator: str = ""
    at: datetime | None = None
    library_version: str = ""
    call_id: str = ""
    source: str = ""


class GapSource(Protocol):
    """Somewhere gap reports are kept."""

    name: str

    def reports(self) -> list[GapReport]:
        """Every report (raises :class:`StudioError` with a plain reason when unreadable)."""
        ...


class LocalGaps:
    """The reports kept by the desks of this PC: every profile's database, read only."""

    def __init__(self, profiles_dir: Path) -> None:
        self.profiles_dir = profiles_dir
        self.name = str(profiles_dir)

    def reports(self) -> list[GapReport]:
        out: list[GapReport] = []
        if not self.profiles_dir.is_dir():
            return out
        for db in sorted(self.profiles_dir.glob("*/desk.sqlite3")):
            out.extend(self._read(db, db.parent.name))
        return out

    def _read(self, db: Path, profile: str) -> list[GapReport]:
        try:
            conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=2)
        except sqlite3.Error as exc:
            log.warning("gap reports: cannot open %s: %s", db, exc)
            return []
        conn.row_factory = sqlite3.Row
        try:
            items = [i for i in OutboxQueue(conn).items(limit=MAX_REPORTS) if i.kind == GAP_KIND]
        except sqlite3.Error as exc:
            log.warning("gap reports: cannot read %s: %s", db, exc)
            return []
        finally:
            conn.close()
        return [GapReport(item.tenant_id, str(item.payload.get("question_id", "")),
                          str(item.payload.get("search_text", "")), profile,
                          datetime.fromtimestamp(item.created_ns / 1e9, UTC),
                          str(item.payload.get("library_version", "")),
                          str(item.payload.get("call_id", "")), f"this PC ({profile})")
                for item in items]


class FileGaps:
    """Reports exported to a file: JSON (a list), JSON lines, or CSV with a header row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def reports(self) -> list[GapReport]:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise StudioError(f"{self.path.name}: cannot read it ({exc})") from exc
        stripped = text.lstrip()
        if self.path.suffix.lower() == ".csv" or not stripped.startswith(("[", "{")):
            records = list(csv.DictReader(io.StringIO(text)))
        elif stripped.startswith("["):
            try:
                records = json.loads(text)
            except ValueError as exc:
                raise StudioError(f"{self.path.name}: not valid JSON ({exc})") from exc
        else:
            records = []
            for number, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except ValueError as exc:
                        raise StudioError(f"{self.path.name}:{number}: not valid JSON ({exc})"
                                          ) from exc
        out = []
        for number, rec in enumerate(records, 1):
            if not isinstance(rec, dict) or not (rec.get("tenant_id") or rec.get("tenant")):
                raise StudioError(f"{self.path.name}: record {number} has no tenant_id")
            out.append(_report(rec, self.path.name))
        return out


def _report(rec: dict[str, Any], source: str) -> GapReport:
    at = None
    if rec.get("at"):
        try:
            at = datetime.fromisoformat(str(rec["at"]))
        except ValueError:
            at = None
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return GapReport(str(rec.get("tenant_id") or rec.get("tenant")),
                     str(rec.get("question_id") or ""), str(rec.get("search_text") or ""),
                     str(rec.get("operator") or ""), at, str(rec.get("library_version") or ""),
                     str(rec.get("call_id") or ""), source)


def export_gaps(path: Path, reports: Iterable[GapReport]) -> int:
    """Write reports as JSON lines (what :class:`FileGaps` reads); return how many."""
    lines = []
    for r in reports:
        lines.append(json.dumps({
            "tenant_id": r.tenant_id, "question_id": r.question_id,
            "search_text": r.search_text, "operator": r.operator,
            "at": r.at.isoformat() if r.at else "", "library_version": r.library_version,
            "call_id": r.call_id}, ensure_ascii=False))
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


@dataclass(slots=True)
class GapGroup:
    """The reports about one question of one tenant."""

    tenant_id: str
    question_id: str
    count: int = 0
    words: Counter[str] = field(default_factory=Counter)
    """What operators typed, with how often."""
    operators: set[str] = field(default_factory=set)
    last: datetime | None = None


def group_gaps(reports: Sequence[GapReport]) -> dict[str, list[GapGroup]]:
    """Tenant → its groups, the most reported question first; calls counted once."""
    seen: set[tuple[str, str, str]] = set()
    groups: dict[tuple[str, str], GapGroup] = {}
    for r in reports:
        if r.call_id:
            key = (r.call_id, r.tenant_id, r.question_id)
            if key in seen:
                continue  # the same report read from two sources
            seen.add(key)
        group = groups.setdefault((r.tenant_id, r.question_id),
                                  GapGroup(r.tenant_id, r.question_id))
        group.count += 1
        if r.search_text.strip():
            group.words[r.search_text.strip()] += 1
        if r.operator:
            group.operators.add(r.operator)
        if r.at and (group.last is None or r.at > group.last):
            group.last = r.at
    out: dict[str, list[GapGroup]] = {}
    for group in sorted(groups.values(), key=lambda g: (-g.count, g.question_id)):
        out.setdefault(group.tenant_id, []).append(group)
    return dict(sorted(out.items(), key=lambda kv: -sum(g.count for g in kv[1])))
