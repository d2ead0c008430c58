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
