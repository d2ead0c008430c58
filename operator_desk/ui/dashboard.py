"""The shift's statistics: a table per tenant, calls per hour, and CSV export."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.storage.stats import ShiftSummary, to_csv


class HourChartWidget(QWidget):
    """Bars of calls per hour; drawn by hand so the desk needs no charting module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hourChart")
        self.setMinimumHeight(150)
        self.hours: dict[int, int] = {}

    def set_hours(self, hours: Mapping[int, int]) -> None:
        self.hours = dict(hours)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.hours:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No calls yet"))
            return
        first, last = min(self.hours), max(self.hours)
        hours = list(range(first, last + 1))
        peak = max(self.hours.values())
        label_h = painter.fontMetrics().height() + 4
        width = self.width() / max(1, len(hours))
        height = self.height() - 2 * label_h
        for i, hour in enumerate(hours):
            count = self.hours.get(hour, 0)
            bar = height * count / peak if peak else 0
            rect = QRectF(i * width + 4, label_h + height - bar, width - 8, bar)
            painter.fillRect(rect, QColor("#1565C0"))
            painter.drawText(QRectF(i * width, label_h + height, width, label_h),
                             Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
            if count:
                painter.drawText(QRectF(i * width, rect.top() - label_h, width, label_h),
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
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("dashboardTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Company"), self.tr("Offered"), self.tr("Answered"), self.tr("Missed"),
            self.tr("Transferred"), self.tr("Avg handle"), self.tr("Avg after-call"),
            self.tr("Callbacks taken / delivered"), self.tr("Wrap-up codes"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chart = HourChartWidget()
        self.export = QPushButton(self.tr("Export CSV…"))
        self.export.setObjectName("dashboardExport")
        refresh = QPushButton(self.tr("Refresh"))
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
        self.resize(1000, 560)
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

    def csv_text(self) -> str:
        return to_csv(self.summary, self._names) if self.summary else ""

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export statistics"),
                                              "operator-desk-shift.csv", "CSV (*.csv)")
        if path:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                f.write(self.csv_text())


def _mmss(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}" if whole else "—"
