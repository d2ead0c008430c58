"""The shift's statistics: a table per tenant, calls per hour, and CSV export."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.storage.stats import ShiftSummary, to_csv
from operator_desk.ui.tables import FittedTableWidget

MIN_HOURS = 8
"""The chart spans at least this many hours (up to now), so one busy hour is one bar of
a shift, not a block across the window."""
MAX_BAR = 44


class HourChartWidget(QWidget):
    """Bars of calls per hour; drawn by hand so the desk needs no charting module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hourChart")
        self.setMinimumHeight(150)
        self.hours: dict[int, int] = {}
        self.now_hour = datetime.now().hour

    def set_hours(self, hours: Mapping[int, int], now_hour: int | None = None) -> None:
        self.hours = dict(hours)
        if now_hour is not None:
            self.now_hour = now_hour
        self.update()

    def span(self) -> list[int]:
        """The hours on the axis: from the first with calls to now (or the last with
        calls), and at least :data:`MIN_HOURS`, ending at the later of the two."""
        if not self.hours:
            return []
        first, last = min(self.hours), max(self.hours)
        if first <= self.now_hour:
            last = max(last, self.now_hour)
        first = min(first, last - MIN_HOURS + 1)
        return [h % 24 for h in range(max(first, last - 23), last + 1)]

    def bar_rects(self) -> list[QRectF]:
        """Where each hour's bar goes (at most :data:`MAX_BAR` px wide, centred)."""
        hours = self.span()
        label_h = self.fontMetrics().height() + 4
        slot = self.width() / max(1, len(hours))
        width = min(slot - 8, MAX_BAR)
        height = self.height() - 2 * label_h
        peak = max(self.hours.values(), default=0)
        rects = []
        for i, hour in enumerate(hours):
            bar = height * self.hours.get(hour, 0) / peak if peak else 0
            rects.append(QRectF(i * slot + (slot - width) / 2, label_h + height - bar, width, bar))
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()  # never left open, whatever happened (a second painter crashes)

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.hours:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No calls yet"))
            return
        hours = self.span()
        label_h = painter.fontMetrics().height() + 4
        slot = self.width() / max(1, len(hours))
        for i, (hour, rect) in enumerate(zip(hours, self.bar_rects(), strict=True)):
            count = self.hours.get(hour, 0)
            painter.fillRect(rect, QColor("#1565C0"))
            painter.drawText(QRectF(i * slot, self.height() - label_h, slot, label_h),
                             Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
            if count:
                painter.drawText(QRectF(i * slot, rect.top() - label_h, slot, label_h),
                                 Qt.AlignmentFlag.AlignCenter, str(count))


class DashboardDialog(QDialog):
    def __init__(self, summarise: Callable[[], ShiftSummary], names: Mapping[str, str],
                 parent: QWidget | None = None,
                 wrapup_labels: Mapping[tuple[str, str], str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardDialog")
        self.setWindowTitle(self.tr("Shift statistics"))
        self._summarise = summarise
        self._names = dict(names)
        self._labels = dict(wrapup_labels or {})
        self.summary: ShiftSummary | None = None
        self.headline = QLabel()
        self.headline.setObjectName("dashboardHeadline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.headline.setFont(font)
        self.table = FittedTableWidget(0, 9)
        self.table.setObjectName("dashboardTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Company"), self.tr("Offered"), self.tr("Answered"), self.tr("Missed"),
            self.tr("Transferred"), self.tr("Avg handle"), self.tr("Avg after-call"),
            self.tr("Callbacks taken / delivered"), self.tr("Wrap-up codes"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.chart = HourChartWidget()
        self.export = QPushButton(self.tr("Export CSV… (Ctrl+E)"))
        self.export.setObjectName("dashboardExport")
        self.export.setShortcut("Ctrl+E")
        refresh = QPushButton(self.tr("Refresh (Ctrl+R)"))
        refresh.setObjectName("dashboardRefresh")
        refresh.setShortcut("Ctrl+R")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel(self.tr("Calls per hour")))
        layout.addWidget(self.chart, 1)
        layout.addLayout(buttons)
        refresh.clicked.connect(self.refresh)
        self.export.clicked.connect(self._on_export_clicked)
        self.resize(1260, 640)
        self.refresh()

    def refresh(self) -> None:
        summary = self._summarise()
        self.summary = summary
        self.headline.setText(self.tr("{0} calls offered, {1} answered").format(
            summary.offered, summary.answered))
        self.table.setRowCount(len(summary.tenants))
        for row, t in enumerate(summary.tenants):
            s = t.stats
            why = []
            if s.abandoned:
                why.append(self.tr("{0} hung up while ringing").format(s.abandoned))
            if s.rejected:
                why.append(self.tr("{0} rejected").format(s.rejected))
            missed = str(s.missed + s.abandoned + s.rejected) + (f" ({', '.join(why)})" if why else "")
            cells = [
                self._names.get(s.tenant_id, s.tenant_id) or self.tr("(unknown number)"),
                str(s.total), str(s.answered), missed, str(s.transferred),
                _mmss(s.avg_handle_s), _mmss(t.avg_after_call_s),
                f"{t.callbacks_taken} / {t.callbacks_delivered}",
                ", ".join(f"{self._labels.get((s.tenant_id, code), code)} {n}"
                          for code, n in sorted(t.wrapup_codes.items(), key=lambda kv: -kv[1])),
            ]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.chart.set_hours(summary.calls_per_hour)
        self.table.refit()

    def csv_text(self) -> str:
        return to_csv(self.summary, self._names) if self.summary else ""

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export statistics"),
                                              "operator-desk-shift.csv", "CSV (*.csv)")
        self.activateWindow()  # the keyboard back from the file dialog
        if path:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                f.write(self.csv_text())


def _mmss(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}" if whole else "—"
