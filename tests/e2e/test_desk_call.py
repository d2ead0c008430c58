"""Whole calls through the real desk: real pjsua2 engine, real sipp caller, real window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from operator_desk.core.agent import AgentState
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.sip.engine import EngineConfig
from operator_desk.sip.pjsua import PjsuaEngine
from operator_desk.sip.qt_bridge import SipBridge
from operator_desk.ui.controller import DeskController
from operator_desk.ui.main_window import DeskWindow
from tests.conftest import BUNDLED_LIBRARY, wait_until
from tests.sip.conftest import SippFactory, free_port

pytestmark = pytest.mark.sip
SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture
def caller(tmp_path):
    factory = SippFactory(tmp_path)
    yield lambda port: factory.start(str(SCENARIOS / "bank_caller.xml"), port)
    factory.kill_all()


def test_a_whole_call_pop_answer_search_hang_up_wrap_up(qtbot, tmp_path, caller):
    port = free_port()
    config = EngineConfig(listen_host="127.0.0.1", listen_port=port, tcp=False,
                          log_file=tmp_path / "pjsua.log")
    bridge = SipBridge(lambda sink: PjsuaEngine(config, sink))
    window = DeskWindow()
    qtbot.addWidget(window)
    controller = DeskController(Desk(Library.load(BUNDLED_LIBRARY), OperatorProfile("Анна")),
                                window, bridge, auto_ready_s=-1)
    controller.prepare_tenants()
    window.show()
    try:
        with qtbot.waitSignal(bridge.engine_started, timeout=10000) as started:
            bridge.start()
        assert started.args == [True, ""]
        controller.go_ready()
        with qtbot.waitSignal(controller.pop_painted, timeout=10000):
            sipp = caller(port)
        assert window.banner.name.text() == "Банк «Северный кредит»"
        assert "Ольга Ким" in window.greeting.text.text()
        assert "4521" in window.caller.details.text()
        qtbot.waitUntil(window.answer_action.isEnabled, timeout=5000)
        window.answer_action.trigger()
        qtbot.waitUntil(window.hold_action.isEnabled, timeout=10000)
        window.script.search.setText("заблокировать карту")
        window.script.search.returnPressed.emit()
        assert window.script.current_question is not None
        window.hangup_action.trigger()
        qtbot.waitUntil(lambda: controller.agent.state is AgentState.AFTER_CALL_WORK, timeout=10000)
        assert window.wrap_up.isVisible()
        sipp.proc.wait(20)
        assert sipp.returncode == 0, sipp.report()
        assert controller.calls == {}
    finally:
        bridge.shutdown()


def test_the_desk_program_journals_desk_ready_and_the_painted_pop(tmp_path, caller):
    """Started twice, as every shift does: the first start has a helper process read the
    scripts library into the cache, the second takes it from there; neither desk holds the
    YAML parser, and the call pops all the same."""
    port = free_port()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OPERATOR_DESK_LANG": "ru"}
    exe = Path(sys.executable).parent / "operator-desk"
    cached = Path(os.environ["OPERATOR_DESK_CACHE_DIR"]) / "library"

    def start(journal: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([str(exe), "--sip-listen", f"127.0.0.1:{port}", "--event-log",
                                 str(journal), "--operator", "Анна"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = start(tmp_path / "first.jsonl")
    try:
        wait_for(tmp_path / "first.jsonl", "desk_ready", first)
        assert list(cached.glob("*.pickle")), "no library cache when the desk was ready"
        assert "_yaml" not in Path(f"/proc/{first.pid}/maps").read_text()
    finally:
        first.terminate()  # the desk this test started, by its PID
        first.wait(20)

    journal = tmp_path / "events.jsonl"
    desk = start(journal)
    try:
        events = wait_for(journal, "desk_ready", desk)
        sipp = caller(port)
        events = wait_for(journal, "screen_pop_painted", desk)
        invite = next(e for e in events if e["event"] == "invite_received")
        painted = next(e for e in events if e["event"] == "screen_pop_painted")
        assert painted["call_id"] == invite["call_id"]
        assert 0 < painted["ts_ns"] - invite["ts_ns"] < 2_000_000_000
        assert "_yaml" not in Path(f"/proc/{desk.pid}/maps").read_text()
        sipp.kill()
    finally:
        desk.terminate()  # the desk this test started, by its PID
        desk.wait(20)


def wait_for(journal: Path, event: str, proc: subprocess.Popen[bytes], timeout: float = 20) -> list[dict]:
    """The desk's journal once it has ``event`` (the desk must not exit meanwhile)."""
    events: list[dict] = []

    def written() -> bool:
        assert proc.poll() is None, f"the desk exited with {proc.returncode}"
        if journal.exists():
            events[:] = [json.loads(line) for line in journal.read_text().splitlines() if line]
        return any(e["event"] == event for e in events)

    wait_until(written, timeout, f"{event} in {journal}", poll_s=0.05)
    return events
