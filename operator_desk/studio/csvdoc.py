"""A reference table's CSV file edited as a grid; rows that were not edited keep their text.

The separator (comma or semicolon, chosen as the desk's reader chooses it), the quoting
of untouched rows, blank lines and the line ends stay as they were: an edited cell
changes one line of ``git diff``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from operator_desk.studio.documents import Document


@dataclass(slots=True)
class Row:
    cells: list[str]
    raw: str | None = None
    """The record's text as read (None once edited: then it is written anew)."""
    trail: str = ""
    """Blank lines that followed the record in the file."""
    uid: int = 0
    """Stays with the row while rows move (for the grid and undo)."""


@dataclass(slots=True)
class _Parsed:
    header: Row
    rows: list[Row] = field(default_factory=list)
    lead: str = ""


def _records(text: str, delimiter: str) -> _Parsed:
    lines = text.splitlines(keepends=True)
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    parsed: _Parsed | None = None
    lead = ""
    for cells in reader:
        raw = "".join(consumed)
        consumed.clear()
        if not any(c.strip() for c in cells):
            if parsed is None:
                lead += raw
            elif parsed.rows:
                parsed.rows[-1].trail += raw
            else:
                parsed.header.trail += raw
            continue
        if parsed is None:
            parsed = _Parsed(Row(cells, raw), lead=lead)
        else:
            parsed.rows.append(Row(cells, raw))
    if parsed is None:
        parsed = _Parsed(Row([], None), lead=lead)
    if consumed and parsed.rows:
        parsed.rows[-1].trail += "".join(consumed)
    return parsed


class CsvDocument(Document):
    """A table: a header row and rows of text cells."""

    kind = "csv"

    def __init__(self, rel: str, raw: bytes | None, text: str | None = None,
                 delimiter: str | None = None) -> None:
        super().__init__(rel, raw)
        source = text if text is not None else self.layout.decode(raw or b"", rel)
        first = source.split("\n", 1)[0]
        self.delimiter = delimiter or (";" if first.count(";") > first.count(",") else ",")
        parsed = _records(source, self.delimiter)
        self._lead = parsed.lead
        self.header_row = parsed.header
        self.rows: list[Row] = parsed.rows
        self._next_uid = 1
        for row in self.rows:
            row.uid = self._new_uid()
        self.round_trips = self._render() == source

    def _new_uid(self) -> int:
        self._next_uid += 1
        return self._next_uid

    # -- reading -----------------------------------------------------------------------

    @property
    def header(self) -> list[str]:
        return self.header_row.cells

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row].cells
        return cells[column] if column < len(cells) else ""

    def line_of_row(self, row: int) -> int:
        """The 1-based line of the file where data row ``row`` starts, as it would be saved."""
        line = 1 + self._lead.count("\n")
        line += _line_count(self.header_row)
        for r in self.rows[:row]:
            line += _line_count(r)
        return line

    def row_at_line(self, line: int) -> int:
        """The data row that covers file line ``line`` (-1: the header or none)."""
        at = 1 + self._lead.count("\n") + _line_count(self.header_row)
        for i, r in enumerate(self.rows):
            count = _line_count(r)
            if at <= line < at + max(count, 1):
                return i
            at += count
        return -1

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, r.cells, strict=False)) for r in self.rows]

    # -- changing ----------------------------------------------------------------------

    def set_cell(self, row: int, column: int, value: str) -> str:
        cells = self.rows[row].cells
        while len(cells) <= column:
            cells.append("")
        old = cells[column]
        cells[column] = value
        self.rows[row].raw = None
        self.changed()
        return old

    def new_row(self, cells: Sequence[str]) -> Row:
        return Row(list(cells), None, "", self._new_uid())

    def insert_rows(self, index: int, rows: Sequence[Row]) -> None:
        self.rows[index:index] = list(rows)
        self.changed()

    def remove_rows(self, index: int, count: int) -> list[Row]:
        removed = self.rows[index:index + count]
        del self.rows[index:index + count]
        self.changed()
        return removed

    def replace_all(self, header: Sequence[str], rows: list[Row]) -> tuple[Row, list[Row]]:
        """Put another table in (an import); return the old header and rows."""
        old = (self.header_row, self.rows)
        self.header_row = Row(list(header), None, self.header_row.trail)
        self.rows = rows
        self.changed()
        return old

    def restore_all(self, header: Row, rows: list[Row]) -> None:
        self.header_row, self.rows = header, rows
        self.changed()

    def set_header(self, column: int, name: str) -> str:
        old = self.header_row.cells[column]
        self.header_row.cells[column] = name
        self.header_row.raw = None
        self.changed()
        return old

    def insert_column(self, column: int, name: str, values: Sequence[str] | None = None) -> None:
        self.header_row.cells.insert(column, name)
        self.header_row.raw = None
        for i, row in enumerate(self.rows):
            row.cells.insert(column, values[i] if values is not None else "")
            row.raw = None
        self.changed()

    def remove_column(self, column: int) -> tuple[str, list[str]]:
        name = self.header_row.cells.pop(column)
        self.header_row.raw = None
        values = []
        for row in self.rows:
            values.append(row.cells.pop(column) if column < len(row.cells) else "")
            row.raw = None
        self.changed()
        return name, values

    # -- writing -----------------------------------------------------------------------

    def _record(self, row: Row, terminator: str) -> str:
        if row.raw is not None:
            return row.raw
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter, lineterminator=terminator).writerow(row.cells)
        return out.getvalue()

    def _render(self) -> str:
        terminator = "\n"  # the layout turns it into \r\n for a file written so
        parts = [self._lead]
        records = [self.header_row, *self.rows] if self.header_row.cells else []
        for i, row in enumerate(records):
            text = self._record(row, terminator)
            last = i == len(records) - 1
            if not text.endswith("\n") and (not last or row.raw is None):
                text += terminator
            parts.append(text + row.trail)
        return "".join(parts)


def _line_count(row: Row) -> int:
    """How many lines of the file the record (and the blank lines after it) takes."""
    if row.raw is None:  # written anew: one line, plus the line breaks inside its cells
        return 1 + sum(c.count("\n") for c in row.cells) + row.trail.count("\n")
    return (row.raw.count("\n") or 1) + row.trail.count("\n")
