"""`operator-desk records export`: the desk's own calls as CSV or JSON, for IT and supervisors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from operator_desk.core.calls import EndReason
from operator_desk.storage.db import Database, profile_db_path
from operator_desk.storage.export import COLUMNS
from operator_desk.storage.records import CallRecords, Direction

EXE = str(Path(sys.executable).parent / "operator-desk")
HEADER = ["tenant", "dialed_number", "caller_number", "caller_name", "ivr_digits", "ivr_data", "outcome",
          "started_at", "answered_at", "ended_at", "direction", "operator", "group", "desk", "wrapup_code",
          "note", "transferred_to", "end_reason", "talk_s", "call_id"]


def ns(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1e9)


def make_records(profile: str = "anna") -> Path:
    path = profile_db_path(profile)
    with Database.open(path) as db:
        records = CallRecords(db.conn)
        records.start("a1", Direction.INCOMING, ns("2026-03-01T10:00:00+03:00"), tenant_id="bank-severny",
                      dialed_number="88005550000", caller_number="+79161234567", caller_name="Ольга Ким",
                      ivr_digits="4521", ivr_data="menu=2;card_last4=4521", operator="Анна",
                      group_id="support")
        records.mark_answered("a1", ns("2026-03-01T10:00:04+03:00"))
        records.end("a1", EndReason.REMOTE_HANGUP, ns("2026-03-01T10:03:00+03:00"), talk_s=176.0)
        records.wrap_up("a1", "card-blocked", "карта заблокирована, «срочно»")
        records.start("a2", Direction.INCOMING, ns("2026-03-02T23:30:00+03:00"), tenant_id="taxi-bystro",
                      caller_number="+74951112233", operator="Анна")
        records.end("a2", EndReason.CANCELLED, ns("2026-03-02T23:30:20+03:00"))
        records.start("a3", Direction.INCOMING, ns("2026-03-03T09:00:00+03:00"), tenant_id="taxi-bystro")
    return path


def export(*args: str, tz: str = "Europe/Moscow") -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, "records", "export", "--profile", "anna", *args], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "TZ": tz}, timeout=60)


def test_csv_has_the_header_row_and_one_row_a_call(tmp_path: Path) -> None:
    make_records()
    done = export()
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == HEADER == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == ["bank-severny", "taxi-bystro", "taxi-bystro"]
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["caller_name"] == "Ольга Ким" and first["ivr_digits"] == "4521"
    assert first["ivr_data"] == "menu=2;card_last4=4521"
    assert first["outcome"] == "answered" and first["note"] == "карта заблокирована, «срочно»"
    assert first["started_at"] == "2026-03-01T07:00:00+00:00"
    assert first["ended_at"] == "2026-03-01T07:03:00+00:00"
    assert dict(zip(HEADER, rows[2], strict=True))["outcome"] == "missed"
    assert dict(zip(HEADER, rows[3], strict=True))["outcome"] == "ongoing"
    assert "3 call(s) exported" in done.stderr


def test_the_period_is_whole_local_days_and_the_tenant_filters(tmp_path: Path) -> None:
    make_records()
    done = export("--from", "2026-03-02", "--to", "2026-03-02")
    assert [r[-1] for r in csv.reader(io.StringIO(done.stdout))][1:] == ["a2"]
    done = export("--from", "2026-03-02", "--to", "2026-03-02", tz="UTC")  # 20:30 UTC: the 2nd there too
    assert [r[-1] for r in csv.reader(io.StringIO(done.stdout))][1:] == ["a2"]
    done = export("--tenant", "taxi-bystro", "--from", "2026-03-02T23:00+03:00")
    assert [r[-1] for r in csv.reader(io.StringIO(done.stdout))][1:] == ["a2", "a3"]


def test_json_and_an_output_file(tmp_path: Path) -> None:
    make_records()
    target = tmp_path / "calls.json"
    done = export("--format", "json", "--output", str(target), "--tenant", "bank-severny")
    assert done.returncode == 0 and done.stdout == ""
    [entry] = json.loads(target.read_text(encoding="utf-8"))
    assert list(entry) == HEADER
    assert entry["caller_name"] == "Ольга Ким" and entry["talk_s"] == 176.0


def test_bad_dates_and_unknown_profiles_say_what_is_wrong(tmp_path: Path) -> None:
    make_records()
    done = export("--from", "1 March")
    assert done.returncode == 2 and "2026-03-01" in done.stderr
    done = subprocess.run([EXE, "records", "export", "--profile", "nobody"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "no records yet" in done.stderr
