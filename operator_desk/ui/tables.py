"""Tables that fit their pane: columns as wide as their content needs, text wrapped into
narrower ones when the pane is short of room, and a word when even that is not enough.

:func:`fit_columns` sizes the columns of any ``QTableView`` (a reference table, the shift's
history, the statistics): first each column's whole content on one line; when the pane is
narrower, each column keeps at least its header and its longest word and the rest of the
room is shared by what the columns would like beyond that, their text wrapping; when even
the headers and longest words do not fit, the table scrolls sideways and :class:`Fit` says
which columns are out of sight, so a pane can say so instead of hiding them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QTableWidget, QWidget

SAMPLE_ROWS = 300
"""Rows measured for a column's width (the first ones; a bigger table is sampled)."""
MAX_COLUMN = 420
"""No column is made wider than this for its content alone (long notes wrap)."""
COMFORT_CHARS = 10
"""A column with more to say keeps at least this many characters' width: narrower, a
cell of short words («от 20,1 % до 34,5 %») becomes a tower of lines."""
_WORD = re.compile(r"\S+")
_PHONE = re.compile(r"^\+?[\d\s()\-]{7,}$")
"""A phone number is read as one word: it never breaks over two lines."""


def _words(text: str) -> list[str]:
    return [text.strip()] if _PHONE.match(text.strip()) else _WORD.findall(text)


@dataclass(frozen=True, slots=True)
class Fit:
    widths: tuple[int, ...]
    wraps: bool
    """Some column is narrower than its content: its rows are as tall as their text."""
    overflow: tuple[int, ...] = ()
    """Columns that do not fit in the pane at all (it scrolls sideways to them)."""


def header_width(view: QTableView, column: int) -> int:
    """What a column's header needs: its text, the margins, and the sort arrow."""
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) \
        if view.isSortingEnabled() else 0
    return QFontMetrics(header.font()).horizontalAdvance(text) + 4 * margin + arrow + 4


@dataclass(frozen=True, slots=True)
class Measure:
    """What a table's columns would like (``natural``: the content on one line) and need
    at least (``least``: the header and the longest word)."""

    natural: tuple[int, ...]
    least: tuple[int, ...]


def measure(view: QTableView) -> Measure:
    """Measure ``view``'s columns (its first :data:`SAMPLE_ROWS` rows)."""
    model = view.model()
    if model is None:
        return Measure((), ())
    metrics = QFontMetrics(view.font())
    pad = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 14
    comfort = metrics.averageCharWidth() * COMFORT_CHARS + pad
    rows = min(model.rowCount(), SAMPLE_ROWS)
    natural, least = [], []
    for c in range(model.columnCount()):
        widest = longest_word = 0
        for r in range(rows):
            text = str(model.index(r, c).data() or "")
            if not text:
                continue
            widest = max([widest, *(metrics.horizontalAdvance(line) for line in text.splitlines())])
            longest_word = max([longest_word,
                                *(metrics.horizontalAdvance(w) for w in _words(text))])
        whole = min(widest + pad, MAX_COLUMN)
        least.append(max(header_width(view, c), min(longest_word + pad, MAX_COLUMN),
                         min(whole, comfort)))
        natural.append(max(least[-1], whole))
    return Measure(tuple(natural), tuple(least))


def fit_columns(view: QTableView, measured: Measure | None = None,
                available: int | None = None) -> Fit:
    """Size ``view``'s columns for a viewport ``available`` px wide (its own by default),
    from ``measured`` (measured now when not given)."""
    model = view.model()
    if model is None or model.columnCount() == 0:
        return Fit((), False)
    measured = measured or measure(view)
    natural, least = list(measured.natural), list(measured.least)
    if len(natural) != model.columnCount():
        measured = measure(view)
        natural, least = list(measured.natural), list(measured.least)
    columns = len(natural)
    if available is None:
        # The room with the vertical scroll bar shown, whether it is now or not: the bar
        # coming or going (as rows wrap) must not change the widths again.
        bar = view.verticalScrollBar()
        extent = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        available = view.viewport().width() - (0 if bar.isVisible() else extent)
    room = available
    if sum(natural) <= room:
        widths, wraps = natural, False
    elif sum(least) <= room:
        spare = room - sum(least)
        wants = [n - m for n, m in zip(natural, least, strict=True)]
        total = sum(wants) or 1
        widths = [m + spare * w // total for m, w in zip(least, wants, strict=True)]
        wraps = True
    else:
        widths, wraps = least, True
    overflow = []
    edge = 0
    for c, width in enumerate(widths):
        edge += width
        if edge > room:
            overflow.append(c)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for c, width in enumerate(widths):
        header.resizeSection(c, width)
    if not overflow and sum(widths) < room:  # the last column takes what is left
        header.resizeSection(columns - 1, widths[-1] + room - sum(widths))
    if model.rowCount() <= SAMPLE_ROWS:
        view.resizeRowsToContents()  # wrapped cells are as tall as their text
    return Fit(tuple(widths), wraps, tuple(overflow))


def prepare(view: QTableView) -> None:
    """What every fitted table needs: words wrap, nothing is shortened with "…"."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                | Qt.AlignmentFlag.AlignVCenter)


class FittedTableWidget(QTableWidget):
    """A table widget (the history, the statistics, the callbacks to make) whose columns
    fit its width: again whenever it is resized, and after :meth:`refit` when its rows
    change."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        prepare(self)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        self.fitted = Fit((), False)

    def refit(self) -> None:
        """Fit the columns to the rows now in the table (once the event loop turns)."""
        self._refit.start()

    def fit(self) -> None:
        self.fitted = fit_columns(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
