"""The pjsua2 engine against real sipp callers on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    DtmfReceived,
    EndReason,
    IncomingCall,
)
from operator_desk.sip.engine import SipEngineError, UnknownCallError

from .conftest import SIPP_TIMEOUT_S, EngineHarness, SippFactory

SIPP_WAIT_S = SIPP_TIMEOUT_S + 5

pytestmark = [pytest.mark.sip, pytest.mark.timeout(60)]


def states(h: EngineHarness, engine_call: int) -> list[CallState]:
    return [e.new for e in h.of(CallStateChanged, engine_call)]


def test_invite_rings_at_once_and_reports_who_was_dialed(harness, sipp: SippFactory):
    caller = sipp.start("uac_answer_bye.xml", harness.port)

    call = harness.wait_event(IncomingCall)
    ringing = harness.wait_event(CallStateChanged, lambda e: e.new is CallState.RINGING)

    assert call.call_id.endswith("@127.0.0.1")
    assert call.request_uri == f"sip:desk@127.0.0.1:{harness.port}"
    assert call.to_header == "<sip:+74951112233@pbx.example>"
    assert call.to_user == "+74951112233"
    assert call.header("Diversion") == "<sip:+74950001122@pbx.example>;reason=unconditional"
    assert call.header("p-called-party-id") == "<sip:+74951112233@pbx.example>"
    assert call.header("P-Asserted-Identity") == '"Иван Петров" <sip:+79161234567@pbx.example>'
    assert call.header("X-IVR-Digits") == "2#"
    assert call.header("X-IVR-Data") == "lang=ru;queue=sales"
    assert call.header("X-Tenant") == "acme"  # the configured extra header
    assert call.display_name == 'Иван "Ваня" Петров'
    assert call.caller_number == "+79161234567"
    assert call.dialed_candidates == ("+74951112233", "+74950001122", "desk")
    assert ringing.engine_call == call.engine_call and ringing.old is CallState.NEW
    assert call.ts_ns <= ringing.ts_ns < call.ts_ns + 1_000_000_000

    # The caller got 180 before anything else was decided by the desk.
    harness.poll_until(lambda: "SIP/2.0 180 Ringing" in caller.messages(), what="180 at sipp")
    assert "SIP/2.0 200 OK" not in caller.messages()

    harness.engine.answer(call.engine_call)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()


def test_answered_call_ends_when_the_caller_hangs_up(harness, sipp: SippFactory):
    caller = sipp.start("uac_answer_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)

    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()

    messages = caller.messages()
    assert "SIP/2.0 200 OK" in messages and "ACK sip:" in messages and "BYE sip:" in messages
    assert states(harness, call.engine_call) == [
        CallState.RINGING,
        CallState.CONNECTING,
        CallState.ACTIVE,
        CallState.ENDED,
    ]
    assert ended.engine_call == call.engine_call and ended.call_id == call.call_id
    assert ended.reason is EndReason.REMOTE_HANGUP
    assert ended.sip_code == 200
    assert 0.2 <= ended.duration_s < 5  # the scenario talks for 300 ms
    with pytest.raises(UnknownCallError):
        harness.engine.hangup(call.engine_call)


def test_caller_cancels_before_the_desk_answers(harness, sipp: SippFactory):
    caller = sipp.start("uac_cancel.xml", harness.port)
    call = harness.wait_event(IncomingCall)

    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()

    assert "SIP/2.0 487" in caller.messages()
    assert ended.engine_call == call.engine_call
    assert ended.reason is EndReason.CANCELLED
    assert ended.sip_code == 487
    assert ended.duration_s == 0.0
    assert states(harness, call.engine_call) == [CallState.RINGING, CallState.ENDED]


def test_desk_hangs_up_and_the_caller_gets_bye(harness, sipp: SippFactory):
    caller = sipp.start("uac_wait_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)

    harness.engine.hangup(call.engine_call)

    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    assert "BYE sip:" in caller.messages()
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert ended.duration_s >= 0.0


def test_second_call_while_busy_is_rejected_with_486(harness, sipp: SippFactory):
    first = sipp.start("uac_wait_bye.xml", harness.port)
    call_a = harness.wait_event(IncomingCall)
    harness.engine.answer(call_a.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)

    second = sipp.start("uac_busy.xml", harness.port)
    call_b = harness.wait_event(IncomingCall, lambda e: e.engine_call != call_a.engine_call)
    with pytest.raises(SipEngineError):
        harness.engine.reject(call_b.engine_call, 200)  # not a rejection code
    with pytest.raises(SipEngineError):
        harness.engine.hold(call_b.engine_call)  # ringing, not active
    harness.engine.reject(call_b.engine_call)  # config default: 486

    ended_b = harness.wait_event(CallEnded, lambda e: e.engine_call == call_b.engine_call)
    assert harness.wait_sipp(second).returncode == 0, second.report()
    assert "SIP/2.0 486 Busy Here" in second.messages()
    assert ended_b.reason is EndReason.REJECTED and ended_b.sip_code == 486
    assert call_b.engine_call != call_a.engine_call and call_b.call_id != call_a.call_id

    # The first call was not disturbed.
    assert not harness.of(CallEnded, call_a.engine_call)
    harness.engine.hangup(call_a.engine_call)
    harness.wait_event(CallEnded, lambda e: e.engine_call == call_a.engine_call)
    assert harness.wait_sipp(first).returncode == 0, first.report()


def test_malformed_invites_leave_the_engine_working(harness, sipp: SippFactory):
    # 8 KB display name: larger than pjsip's receive buffer, dropped without a response
    # (sipp fails on any response).
    oversized = sipp.start("malformed_long_name.xml", harness.port)
    harness.wait_sipp(oversized)
    assert oversized.returncode == 0, oversized.report()
    assert harness.events == []

    # To without a user, no routing headers, a 3 KB name: rings; the desk can reject it.
    odd = sipp.start("odd_to_without_user.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    assert call.to_user == ""
    assert call.header("diversion") == ""
    assert call.dialed_candidates == ("desk",)  # only the Request-URI is left
    assert len(call.display_name) == 256 and call.display_name.endswith("…")
    harness.engine.reject(call.engine_call)
    assert harness.wait_sipp(odd).returncode == 0, odd.report()

    # And a normal call still works.
    good = sipp.start("uac_answer_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall, lambda e: e.to_user == "+74951112233")
    harness.engine.answer(call.engine_call)
    assert harness.wait_sipp(good).returncode == 0, good.report()
    ended = harness.wait_event(CallEnded, lambda e: e.engine_call == call.engine_call)
    assert ended.reason is EndReason.REMOTE_HANGUP
    assert harness.engine.running


def test_journal_has_one_json_line_per_call_event(harness, sipp: SippFactory):
    before = time.time_ns()
    caller = sipp.start("uac_answer_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()

    lines = [json.loads(line) for line in harness.journal_path.read_text("utf-8").splitlines()]
    assert [line["event"] for line in lines] == [
        "invite_received",
        "ringing_sent",
        "state",  # connecting: 200 sent, waiting for the ACK
        "answered",
        "ended",
    ]
    for line in lines:
        assert line["call_id"] == call.call_id
        assert isinstance(line["ts_ns"], int) and before <= line["ts_ns"] <= time.time_ns()
    stamps = [line["ts_ns"] for line in lines]
    assert stamps == sorted(stamps)
    assert lines[0]["dialed"] == ["+74951112233", "+74950001122", "desk"]
    assert "from" not in lines[0]  # callers' data only with personal=True
    assert lines[-1]["reason"] == "remote_hangup" and lines[-1]["duration_s"] > 0


def _dtmf_pcap() -> Path:
    for folder in ("/usr/share/sip-tester", "/usr/share/sipp/pcap", "/usr/local/share/sipp/pcap"):
        path = Path(folder) / "dtmf_2833_1.pcap"
        if path.exists():
            return path
    pytest.fail("dtmf_2833_1.pcap (from the sip-tester package) not found", pytrace=False)


def test_hold_resume_and_dtmf_both_ways(harness, sipp: SippFactory, tmp_path: Path):
    shutil.copy(_dtmf_pcap(), tmp_path / "dtmf_2833_1.pcap")
    caller = sipp.start("uac_hold_dtmf.xml", harness.port, extra=["-rtp_echo"], cwd=tmp_path)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    with pytest.raises(SipEngineError):
        harness.engine.unhold(call.engine_call)  # not held

    harness.engine.hold(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.HELD)
    harness.engine.unhold(call.engine_call)
    harness.wait_event(
        CallStateChanged, lambda e: e.old is CallState.HELD and e.new is CallState.ACTIVE
    )

    info = harness.wait_event(DtmfReceived, lambda e: e.method == "sip_info")
    assert info.digit == "5" and info.engine_call == call.engine_call
    rtp = harness.wait_event(DtmfReceived, lambda e: e.method == "rfc2833")
    assert rtp.digit == "1"

    # What the desk sends comes back through sipp's RTP echo.
    with pytest.raises(SipEngineError):
        harness.engine.send_dtmf(call.engine_call, "12x")
    harness.engine.send_dtmf(call.engine_call, "9")
    echoed = harness.wait_event(DtmfReceived, lambda e: e.digit == "9")
    assert echoed.method == "rfc2833"

    harness.engine.hangup(call.engine_call)
    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert states(harness, call.engine_call) == [
        CallState.RINGING,
        CallState.CONNECTING,
        CallState.ACTIVE,
        CallState.HELD,
        CallState.ACTIVE,
        CallState.ENDED,
    ]
    journal = [json.loads(x)["event"] for x in harness.journal_path.read_text("utf-8").splitlines()]
    assert journal.count("held") == 1 and journal.count("resumed") == 1
    assert journal.count("dtmf") >= 3


def test_an_exception_in_a_callback_is_logged_not_fatal(tmp_path, engine_config, sipp, caplog,
                                                        monkeypatch):
    from operator_desk.core.calls import EngineError

    h = EngineHarness(tmp_path, engine_config)
    calls = h.engine.calls
    on_incoming_call = calls.on_incoming_call

    def faulty(account, prm):  # the INVITE is handled, then a bug strikes
        on_incoming_call(account, prm)
        raise RuntimeError("bug in the INVITE handler")

    monkeypatch.setattr(calls, "on_incoming_call", faulty)
    try:
        caller = sipp.start("uac_cancel.xml", h.port)
        error = h.wait_event(EngineError)
        assert error.where == "onIncomingCall" and "bug in the INVITE handler" in error.message
        ended = h.wait_event(CallEnded)
        assert ended.reason is EndReason.CANCELLED
        assert h.wait_sipp(caller).returncode == 0, caller.report()
        assert "error in pjsua2 callback onIncomingCall" in caplog.text
        assert h.engine.running
    finally:
        h.close()


def test_desk_calls_out_and_hangs_up(harness, sipp: SippFactory):
    from operator_desk.core.calls import OutgoingCall

    from .conftest import free_port, udp_port_bound

    port = free_port()
    callee = sipp.start("uas_answer.xml", 0, extra=["-p", str(port)], target=None)
    harness.poll_until(lambda: udp_port_bound(port), 5, what="sipp listening")
    with pytest.raises(SipEngineError):
        harness.engine.make_call("not a uri")

    handle = harness.engine.make_call(f"sip:+74951112233@127.0.0.1:{port}")

    outgoing = harness.wait_event(OutgoingCall)
    assert outgoing.engine_call == handle and outgoing.call_id
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    harness.engine.hangup(handle)
    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(callee).returncode == 0, callee.report()
    assert ended.reason is EndReason.LOCAL_HANGUP and ended.call_id == outgoing.call_id
    assert states(harness, handle) == [
        CallState.DIALING,
        CallState.CONNECTING,
        CallState.ACTIVE,
        CallState.ENDED,
    ]


def test_shutdown_hangs_up_live_calls_and_can_repeat(harness, sipp: SippFactory):
    caller = sipp.start("uac_wait_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)

    harness.engine.shutdown()  # with a call up: BYE, then libDestroy without asserting
    assert not harness.engine.running
    harness.engine.shutdown()
    assert harness.engine.poll(5) == 0
    with pytest.raises(SipEngineError):
        harness.engine.answer(call.engine_call)

    caller.proc.wait(SIPP_WAIT_S)
    assert caller.returncode == 0, caller.report()
    ended = harness.of(CallEnded)
    assert [e.reason for e in ended] == [EndReason.LOCAL_HANGUP]


def test_commands_from_another_thread_raise_instead_of_aborting(harness):
    import threading

    errors: list[BaseException] = []

    def other_thread() -> None:
        for command in (lambda: harness.engine.poll(0), lambda: harness.engine.answer(1)):
            try:
                command()
            except SipEngineError as exc:
                errors.append(exc)

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join(5)
    assert len(errors) == 2 and all("thread" in str(e) for e in errors)
    assert harness.engine.poll(0) >= 0  # still fine from its own thread


def test_mute_a_live_call_and_not_a_gone_one(harness, sipp: SippFactory):
    from operator_desk.sip.engine import UnknownCallError

    caller = sipp.start("uac_wait_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    harness.engine.mute(call.engine_call, True)
    harness.engine.mute(call.engine_call, False)
    harness.engine.hangup(call.engine_call)
    harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    with pytest.raises(UnknownCallError):
        harness.engine.mute(call.engine_call, True)


CALLS = 100


def test_a_hundred_calls_in_a_row_all_get_through(harness, sipp: SippFactory):
    """Regression: with the null sound device auto-closed, pjmedia never released a call's
    conference ports; after ~85 calls the bridge was full and every call got 488."""
    # Idle like a desk before its first call, past the time after which pjsua closes an
    # unused sound device (1 s by default; the engine turns that off).
    idle_until = time.monotonic() + 1.5
    harness.poll_until(lambda: time.monotonic() > idle_until, 5, what="the idle second to pass")
    scenario = Path(__file__).resolve().parents[2] / "bench" / "scenarios" / "soak_hold_transfer.xml"
    caller = sipp.start(str(scenario), harness.port, calls=CALLS,
                        extra=["-r", "20", "-l", "1"], timeout_s=60)
    answered = ended = 0
    deadline = time.monotonic() + 40
    seen = 0
    while ended < CALLS and time.monotonic() < deadline:
        harness.engine.poll(5)
        while seen < len(harness.events):  # commands may add events while we look
            event = harness.events[seen]
            seen += 1
            if isinstance(event, IncomingCall):
                harness.engine.answer(event.engine_call)
            elif isinstance(event, CallStateChanged) and event.new is CallState.ACTIVE:
                if event.old is CallState.HELD:  # resumed: done with this call
                    harness.engine.hangup(event.engine_call)
                else:
                    answered += 1
                    harness.engine.hold(event.engine_call)
            elif isinstance(event, CallStateChanged) and event.new is CallState.HELD:
                harness.engine.unhold(event.engine_call)
            elif isinstance(event, CallEnded):
                ended += 1
    assert (answered, ended) == (CALLS, CALLS)
    assert harness.wait_sipp(caller, timeout=30).returncode == 0, caller.report()
    for _ in range(50):  # let the bridge's clock carry out the queued removals
        harness.engine.poll(10)
    # Every call's conference ports are given back (3 per call leaked before the fix).
    assert harness.engine.endpoint.mediaActivePorts() <= 4
    # pjsua never closed the sound device (its log, written long since, would say so).
    pjsua_log = Path(harness.engine.config.log_file or "").read_text(errors="replace")
    assert "Closing sound device after idle" not in pjsua_log


def test_dtmf_sent_by_sip_info_when_the_pbx_wants_it(tmp_path, sipp: SippFactory, engine_config):
    import dataclasses

    from tests.sip.conftest import EngineHarness

    harness = EngineHarness(tmp_path, dataclasses.replace(engine_config, dtmf_method="sip_info"))
    try:
        caller = sipp.start("uac_info_dtmf.xml", harness.port)
        call = harness.wait_event(IncomingCall)
        harness.engine.answer(call.engine_call)
        harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
        harness.engine.send_dtmf(call.engine_call, "7")
        harness.poll_until(lambda: "INFO sip:" in caller.messages(), timeout=5)
        harness.engine.hangup(call.engine_call)
        harness.wait_event(CallEnded)
        assert harness.wait_sipp(caller).returncode == 0, caller.report()
        assert "Signal=7" in caller.messages()
    finally:
        harness.close()


@pytest.mark.parametrize("scenario", ["uac_bad_sdp.xml", "uac_unknown_codec.xml"])
def test_an_unusable_offer_is_refused_and_the_engine_goes_on(harness, sipp: SippFactory, scenario):
    bad = sipp.start(scenario, harness.port)
    harness.poll_until(lambda: bad.done, timeout=15)
    assert bad.returncode == 0, bad.report()
    assert harness.engine.running
    good = sipp.start("uac_wait_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    harness.engine.hangup(call.engine_call)
    assert harness.wait_sipp(good).returncode == 0, good.report()
