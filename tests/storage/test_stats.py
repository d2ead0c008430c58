"""Shift statistics from real records in a real database file."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from operator_desk.core.calls import EndReason
from operator_desk.storage.callbacks import Callbacks
from operator_desk.storage.db import Database
from operator_desk.storage.outbox import OutboxQueue
from operator_desk.storage.records import CallRecords, Direction
from operator_desk.storage.stats import shift_summary, to_csv

S = 10**9


def test_shift_summary_per_tenant(tmp_path):
    db = Database.open(tmp_path / "desk.sqlite3")
    records = CallRecords(db.conn)
    now = datetime.now()
    start_hour = now.replace(minute=5, second=0, microsecond=0).timestamp() - 2 * 3600
    t0 = int(start_hour) * S
    first_hour = datetime.fromtimestamp(start_hour).hour

    def call(cid, tenant, start, answer=None, end=0, reason=EndReason.REMOTE_HANGUP,
             code="", wrap_after=0):
        records.start(cid, Direction.INCOMING, start, tenant_id=tenant, caller_number="+7916")
        if answer:
            records.mark_answered(cid, answer)
        records.end(cid, reason, end)
        if code:
            records.wrap_up(cid, code, "", at_ns=end + wrap_after)

    call("a", "bank", t0, t0 + 3 * S, t0 + 63 * S, code="info", wrap_after=20 * S)
    call("b", "bank", t0 + 3600 * S, t0 + 3602 * S, t0 + 3722 * S, code="info", wrap_after=40 * S)
    call("c", "bank", t0 + 3700 * S, end=t0 + 3702 * S, reason=EndReason.CANCELLED)  # abandoned
    call("d", "taxi", t0 + 3800 * S, end=t0 + 3830 * S, reason=EndReason.CANCELLED)  # missed
    Callbacks(db.conn).submit("bank", "+79161234567", name="Ольга")
    queue = OutboxQueue(db.conn)
    (item,) = queue.claim_due(10)
    queue.mark_delivered(item.id, 200)

    # Up to just after now: the callback request below is taken "now".
    summary = shift_summary(db.conn, t0 - S, int(datetime.now().timestamp() + 60) * S)
    bank = next(t for t in summary.tenants if t.stats.tenant_id == "bank")
    assert (bank.stats.total, bank.stats.answered, bank.stats.abandoned) == (3, 2, 1)
    assert abs(bank.avg_after_call_s - 30) < 0.01
    assert (bank.callbacks_taken, bank.callbacks_delivered) == (1, 1)
    assert bank.wrapup_codes == {"info": 2}
    assert summary.offered == 4 and summary.answered == 2
    assert summary.calls_per_hour == {first_hour: 1, (first_hour + 1) % 24: 3}
    rows = list(csv.DictReader(io.StringIO(to_csv(summary, {"bank": "Банк"}))))
    assert rows[0]["tenant"] == "Банк" and rows[0]["callbacks_delivered"] == "1"
    db.close()


def test_each_call_record_carries_the_library_version(tmp_path):
    from operator_desk.core.calls import IncomingCall
    from operator_desk.storage.records import CallRecorder

    db = Database.open(tmp_path / "desk.sqlite3")
    recorder = CallRecorder(CallRecords(db.conn), library_version=lambda: "2026.11.23-1")
    recorder(IncomingCall("v@x", 1, "sip:desk@h", "<sip:88005553535@h>", "<sip:7916@h>", "",
                          "7916", {}, 1))
    assert CallRecords(db.conn).get("v@x").library_version == "2026.11.23-1"
    db.close()
