"""The demo caller (``python -m operator_desk.sip.pjsua.demo_caller``) against the real engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from operator_desk.core.calls import CallEnded, EndReason, IncomingCall
from operator_desk.core.ivr import parse_ivr
from operator_desk.core.library import Library, default_library_path
from operator_desk.core.routing import Router
from operator_desk.sip.pjsua.demo_caller import FIRST_NAMES, dial_user, load_targets

from .conftest import EngineHarness

pytestmark = [pytest.mark.sip, pytest.mark.timeout(60)]

REPO = Path(__file__).resolve().parents[2]


def start_caller(tmp_path: Path, *args: str, stdin: Any = subprocess.DEVNULL) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "operator_desk.sip.pjsua.demo_caller", "--log-file",
         str(tmp_path / "caller-pjsua.log"), *args],
        cwd=REPO, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(proc: subprocess.Popen[str], harness: EngineHarness, timeout: float = 20) -> list[dict[str, Any]]:
    """Poll the engine until the caller exits; return its JSON lines."""
    try:
        harness.poll_until(lambda: proc.poll() is not None, timeout, what="the demo caller to exit")
    finally:
        if proc.poll() is None:
            proc.kill()  # this very process, by PID
        out, err = proc.communicate(timeout=5)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    if err.strip():
        print(err)
    return lines


def test_dial_user_forms() -> None:
    assert dial_user("8-800-555-35-35") == "+78005553535"
    assert dial_user("+7 (495) 120-30-40 доб. 12") == "+74951203040,12"
    assert dial_user("5020") == "5020"
    assert dial_user("sip:taxi-hotline") == "taxi-hotline"


def test_every_library_number_is_dialable() -> None:
    library = Library.load(default_library_path())
    targets = load_targets(library)
    numbers = {(t.id, n) for t in library for n in t.numbers}
    assert {(t.tenant_id, t.number) for t in targets} == numbers


def test_once_places_a_real_call_with_name_number_and_ivr(harness: EngineHarness, tmp_path: Path) -> None:
    library = Library.load(default_library_path())
    tenant = library.tenant("severny-kredit")
    number = tenant.numbers[0]
    proc = start_caller(
        tmp_path, "--target", f"127.0.0.1:{harness.port}", "--once", number, "--talk", "1",
        "--seed", "7",
    )
    call = harness.wait_event(IncomingCall, timeout=15)
    harness.engine.answer(call.engine_call)
    ended = harness.wait_event(CallEnded, timeout=15)
    lines = finish(proc, harness)
    assert proc.returncode == 0, lines
    calling = next(line for line in lines if line["event"] == "calling")
    assert [line["event"] for line in lines] == ["ready", "calling", "answered", "ended"]

    # Dialed number: the tenant's hotline, and the desk's router takes it to the tenant.
    assert call.to_user == dial_user(number) == "+78005554040"
    assert call.dialed_candidates[0] == "+78005554040"
    route = Router(library).route_call(call.request_uri, {"To": call.to_header})
    assert route.tenant_id == "severny-kredit"
    # A Russian caller name in From's display name, a Russian mobile number.
    assert call.display_name == calling["name"]
    assert call.display_name.split()[0] in FIRST_NAMES
    assert call.caller_number == calling["caller"] and call.caller_number.startswith("+79")
    # IVR headers from the tenant's ivr.fields.
    digits = call.header("X-IVR-Digits")
    data = call.header("X-IVR-Data")
    assert digits and data.startswith("menu=")
    assert (digits, data) == (calling["headers"]["X-IVR-Digits"], calling["headers"]["X-IVR-Data"])
    ivr = parse_ivr(digits, data, tenant.ivr_fields)
    menu = next(item for item in ivr.items if item.id == "menu")
    assert menu.meaning in tenant.ivr_fields[0].values.values()
    # The caller hung up after its talk time.
    assert ended.reason is EndReason.REMOTE_HANGUP
    assert 0.8 <= ended.duration_s < 5


def test_once_reports_a_rejected_call(harness: EngineHarness, tmp_path: Path) -> None:
    proc = start_caller(tmp_path, "--target", f"127.0.0.1:{harness.port}", "--once", "random")
    call = harness.wait_event(IncomingCall, timeout=15)
    harness.engine.reject(call.engine_call, 486)
    lines = finish(proc, harness)
    assert proc.returncode == 3, lines
    ended = lines[-1]
    assert ended["event"] == "ended" and ended["code"] == 486 and ended["answered"] is False


def test_stdin_commands_and_sigterm(harness: EngineHarness, tmp_path: Path) -> None:
    proc = start_caller(tmp_path, "--target", f"127.0.0.1:{harness.port}", "--interval", "0",
                        "--talk", "30", stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write("call\n")
    proc.stdin.flush()
    call = harness.wait_event(IncomingCall, timeout=15)
    harness.engine.answer(call.engine_call)
    harness.poll_until(lambda: any(getattr(e, "new", None) is not None and e.new.value == "active"
                                   for e in harness.events), 5, what="the call to be active")
    proc.terminate()  # SIGTERM: hang up and exit 0
    ended = harness.wait_event(CallEnded, timeout=10)
    lines = finish(proc, harness)
    assert proc.returncode == 0, lines
    assert ended.reason is EndReason.REMOTE_HANGUP


def test_stdin_eof_quits(tmp_path: Path) -> None:
    proc = start_caller(tmp_path, "--target", "127.0.0.1:9", "--interval", "0")
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert json.loads(out.splitlines()[0])["event"] == "ready"
