"""Reference tables in and out of spreadsheets: ``.xlsx`` (openpyxl) and ``.csv``.

An import is read (:func:`read_sheet`), its columns are matched to the table's
(:func:`suggest_mapping`; the author can change every match), and :func:`plan_import`
says what would change — rows added, removed and changed, matched by the table's key
column — before anything is. Rows that stay the same keep their line in the CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from operator_desk.core.errors import closest
from operator_desk.studio.documents import StudioError, TextLayout

SKIP = ""
"""Mapping target meaning "do not import this column"."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A spreadsheet's first row as the header and the rest as text cells."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sheets: tuple[str, ...] = ()
    """All sheet names of the workbook (the first one is read unless another is chosen)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Да" if value else "Нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != dt.time() else \
            value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The first (or the named) sheet of an ``.xlsx`` file, or a ``.csv`` file."""
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise StudioError(f"{path.name}: the studio imports .xlsx and .csv files; in the "
                          "spreadsheet choose Save as → Excel workbook (.xlsx)")
    import openpyxl  # only when a spreadsheet is imported
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise StudioError(f"{path.name}: not a readable Excel workbook ({exc})") from exc
    try:
        names = tuple(book.sheetnames)
        ws = book[sheet] if sheet else book.worksheets[0]
        values = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return _sheet(ws.title, values, names)


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:
        text = TextLayout(raw).decode(raw, path.name)
    except StudioError:
        text = raw.decode("cp1251")  # an old Excel's "CSV (semicolon)"; readable, so take it
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    values = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return _sheet(path.stem, values, ())


def _sheet(name: str, values: list[list[str]], names: tuple[str, ...]) -> Sheet:
    values = [row for row in values if any(c for c in row)]
    if not values:
        raise StudioError(f"{name}: the sheet is empty; its first row must name the columns")
    width = max(len(r) for r in values)
    header = [*values[0], *[""] * (width - len(values[0]))]
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1]
                                            for r in values[1:]):
        header.pop()
    width = len(header)
    header = [h or f"Column {i + 1}" for i, h in enumerate(header)]
    rows = tuple(tuple([*r[:width], *[""] * (width - len(r))]) for r in values[1:])
    return Sheet(name, tuple(header), rows, names)


def suggest_mapping(source: Sequence[str], target: Sequence[str]) -> list[str]:
    """For each source column, the table column it most likely is ('' = a new column of
    that name, when the table has no such column)."""
    out = []
    used: set[str] = set()
    for name in source:
        match = name if name in target else None
        if match is None:
            lowered = {t.lower(): t for t in target if t not in used}
            match = lowered.get(name.lower()) or closest(name, [t for t in target if t not in used])
        if match and match not in used:
            used.add(match)
            out.append(match)
        else:
            out.append(name)
    return out


@dataclass(slots=True)
class ImportPlan:
    """What an import would do to a table."""

    header: list[str]
    rows: list[list[str]]
    keep: dict[int, int] = field(default_factory=dict)
    """New row → the old row that is identical (keeps its line in the file)."""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    """(row key, the columns whose value changes)."""
    new_columns: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.new_columns
                    or self.dropped_columns)


def plan_import(sheet: Sheet, mapping: Sequence[str], old_header: Sequence[str],
                old_rows: Sequence[Sequence[str]], key: str | None = None) -> ImportPlan:
    """The table as it would be after importing ``sheet`` with ``mapping`` (one target
    column name per source column, :data:`SKIP` to leave one out), compared by ``key``."""
    chosen = [(i, target) for i, target in enumerate(mapping) if target != SKIP]
    names = [t for _, t in chosen]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise StudioError("two columns of the sheet go to the same column: "
                          + ", ".join(duplicates) + "; choose another or skip one")
    if not chosen:
        raise StudioError("choose at least one column to import")
    header = [*[h for h in old_header if h in names], *[n for n in names if n not in old_header]]
    position = {t: i for i, t in chosen}
    rows = [[row[position[h]] if position[h] < len(row) else "" for h in header]
            for row in sheet.rows]
    key = key if key in header else header[0]
    k_new = header.index(key)
    plan = ImportPlan(header, rows, new_columns=[n for n in names if n not in old_header],
                      dropped_columns=[h for h in old_header if h not in names])
    old_by_key: dict[str, int] = {}
    if key in old_header:
        k_old = list(old_header).index(key)
        for i, r in enumerate(old_rows):
            old_by_key.setdefault(r[k_old] if k_old < len(r) else "", i)
    seen: set[int] = set()
    for n, row in enumerate(rows):
        old_index = old_by_key.get(row[k_new])
        if old_index is None:
            plan.added.append(row[k_new])
            continue
        seen.add(old_index)
        old = dict(zip(old_header, old_rows[old_index], strict=False))
        diff = [h for i, h in enumerate(header) if old.get(h, "") != row[i]]
        if diff:
            plan.changed.append((row[k_new], diff))
        else:
            plan.unchanged += 1
            if list(old_header) == header:
                plan.keep[n] = old_index
    k_old_index = list(old_header).index(key) if key in old_header else 0
    plan.removed = [r[k_old_index] for i, r in enumerate(old_rows) if i not in seen and r]
    return plan


def export_xlsx(path: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]
                ) -> None:
    """Write the table as an ``.xlsx`` workbook: bold header, frozen, columns sized."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = (title or "Table")[:31].translate(str.maketrans("[]:*?/\\", "       "))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, name in enumerate(header, 1):
        width = max([len(name), *(len(r[i - 1]) for r in rows if i - 1 < len(r))], default=8)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(width + 2, 60)
    try:
        book.save(path)
    except OSError as exc:
        raise StudioError(f"cannot write {path}: {exc.strerror}") from exc
