"""The statistics dialog shows the shift from the real database and exports CSV."""

from __future__ import annotations

import time

from operator_desk.core.calls import EndReason
from operator_desk.storage.db import Database
from operator_desk.storage.records import CallRecords, Direction
from operator_desk.storage.stats import shift_summary
from operator_desk.ui.dashboard import DashboardDialog

S = 10**9


def test_dashboard_table_chart_and_csv(qtbot, tmp_path):
    db = Database.open(tmp_path / "desk.sqlite3")
    records = CallRecords(db.conn)
    now = time.time_ns()
    records.start("a", Direction.INCOMING, now - 600 * S, tenant_id="bank")
    records.mark_answered("a", now - 590 * S)
    records.end("a", EndReason.REMOTE_HANGUP, now - 500 * S)
    records.start("b", Direction.INCOMING, now - 300 * S, tenant_id="bank")
    records.end("b", EndReason.CANCELLED, now - 290 * S)
    dialog = DashboardDialog(lambda: shift_summary(db.conn, now - 3600 * S, now + S),
                             {"bank": "Банк «Северный кредит»"})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.headline.text() == "2 calls offered, 1 answered"
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Банк «Северный кредит»"
    assert dialog.table.item(0, 5).text() == "1:30"  # average handle time
    assert sum(dialog.chart.hours.values()) == 2
    assert "Банк «Северный кредит»,2,1" in dialog.csv_text()
    db.close()


def test_one_hour_of_calls_is_one_bar_of_a_shift_not_a_block(qtbot):
    from operator_desk.ui.dashboard import MAX_BAR, MIN_HOURS, HourChartWidget

    chart = HourChartWidget()
    qtbot.addWidget(chart)
    chart.resize(1000, 200)
    chart.set_hours({14: 9}, now_hour=14)
    assert chart.span() == list(range(14 - MIN_HOURS + 1, 15))
    bars = [r for r in chart.bar_rects() if r.height() > 0]
    assert len(bars) == 1 and bars[0].width() <= MAX_BAR
    chart.set_hours({9: 3, 11: 5}, now_hour=13)  # up to now, the hours without calls too
    assert chart.span() == list(range(6, 14))


def test_statistics_columns_fit_their_headers(qtbot, tmp_path):
    from tests.ui.clipping import cut_off

    db = Database.open(tmp_path / "desk.sqlite3")
    records = CallRecords(db.conn)
    now = time.time_ns()
    records.start("a", Direction.INCOMING, now - 600 * S, tenant_id="bank")
    records.mark_answered("a", now - 590 * S)
    records.end("a", EndReason.REMOTE_HANGUP, now - 500 * S)
    records.wrap_up("a", "card-block")
    dialog = DashboardDialog(lambda: shift_summary(db.conn, now - 3600 * S, now + S),
                             {"bank": "Банк «Северный кредит» — дежурная линия"},
                             wrapup_labels={("bank", "card-block"): "Карта заблокирована"})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    header = dialog.table.horizontalHeader()
    last = dialog.table.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= dialog.table.viewport().width() or header.sectionSize(last) >= 0
    assert cut_off(dialog) == []
    db.close()
