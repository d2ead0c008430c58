"""The real desk program on a real floor: killed with kill -9 during an answered call and
started again, it closes that call as interrupted at its last moment alive, and the floor
gets the record that way, with the IVR input the PBX sent; the desk's state is on the floor.
(A desk that is killed or terminated shows as offline once its heartbeats stop.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from operator_desk.storage.db import profile_db_path
from tests.e2e.test_desk_call import wait_for
from tests.floor_fixtures import Floor
from tests.sip.conftest import SippFactory, free_port

pytestmark = pytest.mark.sip
SCENARIO = Path(__file__).parents[1] / "sip" / "scenarios" / "uac_wait_bye.xml"


def floor_rows(floor: Floor, sql: str) -> list[tuple[object, ...]]:
    with floor.admin() as conn:
        return conn.execute(sql).fetchall()


def wait_rows(floor: Floor, sql: str, check, timeout: float = 20) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        rows = floor_rows(floor, sql)
        if check(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_kill_9_during_an_answered_call_closes_it_as_interrupted_on_restart(
        floor: Floor, tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "desk.toml"
    url = f"postgresql://desk1@127.0.0.1:{floor.server.port}/{floor.database}"
    config.write_text(f'[audio]\nenabled = false\n[floor]\ndatabase = "{url}"\n', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PGPASSWORD": "pw-desk1"}
    exe = Path(sys.executable).parent / "operator-desk"

    def start(journal: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([str(exe), "--config", str(config), "--sip-listen", f"127.0.0.1:{port}",
                                 "--event-log", str(journal), "--operator", "Анна", "--group", "sales",
                                 "--auto-answer"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    sipp = SippFactory(tmp_path)
    desk = start(tmp_path / "first.jsonl")
    try:
        wait_for(tmp_path / "first.jsonl", "desk_ready", desk)
        agents = wait_rows(floor, "SELECT operator, group_id, state FROM floor.agents",
                           lambda r: r and r[0][2] == "ready")
        assert agents == [("Анна", "sales", "ready")]
        sipp.start(str(SCENARIO), port)
        events = wait_for(tmp_path / "first.jsonl", "answered", desk)
        answered = next(e for e in events if e["event"] == "answered")
        on_call = wait_rows(floor, "SELECT state, tenant_id FROM floor.agents",
                            lambda r: r[0][0] == "on_call")
        assert on_call == [("on_call", "")]  # the scenario's numbers belong to no bundled tenant
        path = profile_db_path("default")

        def stamped_during_the_call() -> bool:
            with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
                row = conn.execute("SELECT at_ns FROM alive").fetchone()
            return row is not None and row[0] > answered["ts_ns"]

        deadline = time.monotonic() + 15
        while not stamped_during_the_call():  # the desk stamps "alive" every 5 s
            assert time.monotonic() < deadline, "the desk never stamped its last moment alive"
            time.sleep(0.2)
        killed_ns = time.time_ns()
        os.kill(desk.pid, signal.SIGKILL)  # the desk this test started, by its PID
        desk.wait(10)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.wait(10)
        sipp.kill_all()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT outcome FROM calls").fetchall() == [("ongoing",)]
    again = start(tmp_path / "second.jsonl")
    try:
        wait_for(tmp_path / "second.jsonl", "desk_ready", again)
        with sqlite3.connect(path) as conn:
            outcome, answered_ns, ended_ns, ivr = conn.execute(
                "SELECT outcome, answered_ns, ended_ns, ivr_digits FROM calls").fetchone()
        assert outcome == "interrupted" and ivr == "2#"
        assert answered_ns < ended_ns <= killed_ns  # the last stamp alive, not the answer
        rows = wait_rows(floor, "SELECT outcome, ivr_digits, ivr_data, operator, ended_at IS NOT NULL"
                                " FROM floor.calls", lambda r: r and r[0][0] == "interrupted")
        assert rows == [("interrupted", "2#", "lang=ru;queue=sales", "Анна", True)]
    finally:
        again.terminate()  # the desk this test started, by its PID
        again.wait(20)
